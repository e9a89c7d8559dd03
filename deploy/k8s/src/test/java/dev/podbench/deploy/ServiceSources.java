package dev.podbench.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the services and the deploy guide say, read from their files, to check the manifests against. */
final class ServiceSources {

    static final Path REPOSITORY = RenderedManifests.ROOT.resolve("../..").normalize();

    private ServiceSources() {
    }

    static Path module(String service) {
        return REPOSITORY.resolve(service);
    }

    static String applicationProperties(String service) {
        return read(module(service).resolve("src/main/resources/application.properties"));
    }

    static Properties properties(String service) {
        Properties properties = new Properties();
        Path file = module(service).resolve("src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The service's configuration reads this environment variable ({@code ${NAME}} or {@code ${NAME:default}}). */
    static boolean readsVariable(String service, String name) {
        return Pattern.compile("\\$\\{" + Pattern.quote(name) + "[}:]").matcher(applicationProperties(service)).find();
    }

    /** The secrets deploy/k8s/README.md tells the user to create: the first column of "Secrets you create". */
    static Set<String> secretsTheGuideAsksFor() {
        String readme = read(RenderedManifests.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Secrets you create");
        if (start < 0) {
            throw new AssertionError("README.md has no section \"## Secrets you create\"");
        }
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|").matcher(
                readme.substring(start, end < 0 ? readme.length() : end));
        Set<String> names = new LinkedHashSet<>();
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    static List<String> lines(Path file) {
        return read(file).lines().toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
