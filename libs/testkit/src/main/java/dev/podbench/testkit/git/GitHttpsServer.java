package dev.podbench.testkit.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Serves the bare repositories of a directory over HTTPS with git's own smart-HTTP CGI ({@code git http-backend}),
 * so clone URLs of the form {@code https://127.0.0.1:<port>/<name>.git} work where {@code file://} is refused (the
 * {@code kubernetes} runtime). Its certificate is self-signed, made with {@code keytool}; git trusts it through
 * {@code GIT_SSL_CAINFO} naming {@link #caFile()}. Read-only: pushes are refused, as {@code http-backend} does without
 * an authenticated user.
 */
public final class GitHttpsServer implements AutoCloseable {

    private static final String STORE_PASSWORD = "podbench-test";

    private final Path projectRoot;
    private final Path caFile;
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "git-https");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param projectRoot the directory holding the bare repositories
     * @param caFile      where the server's certificate (PEM) is written for git to trust
     */
    public GitHttpsServer(Path projectRoot, Path caFile) {
        this.projectRoot = projectRoot;
        this.caFile = caFile;
        try {
            Path keyStore = Files.createTempDirectory("podbench-git-https-").resolve("server.p12");
            keytool("-genkeypair", "-alias", "git", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype",
                    "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-keypass",
                    STORE_PASSWORD);
            Files.createDirectories(caFile.toAbsolutePath().getParent());
            keytool("-exportcert", "-rfc", "-alias", "git", "-keystore", keyStore.toString(), "-storepass",
                    STORE_PASSWORD, "-file", caFile.toString());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, STORE_PASSWORD.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the git HTTPS server", e);
        }
    }

    /** The clone URL of {@code <projectRoot>/<name>}. */
    public String url(String name) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    public Path caFile() {
        return caFile;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** One request through {@code git http-backend} (CGI: environment in, headers and body out). */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend").redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", projectRoot.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
            String query = exchange.getRequestURI().getRawQuery();
            env.put("QUERY_STRING", query == null ? "" : query);
            env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
            header(exchange, "Content-Type", value -> env.put("CONTENT_TYPE", value));
            header(exchange, "Content-Length", value -> env.put("CONTENT_LENGTH", value));
            header(exchange, "Content-Encoding", value -> env.put("HTTP_CONTENT_ENCODING", value));
            header(exchange, "Git-Protocol", value -> env.put("GIT_PROTOCOL", value));
            Process process = cgi.start();
            executor.execute(() -> {
                try (OutputStream stdin = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(stdin);
                } catch (IOException e) {
                    // http-backend stopped reading: its answer says why
                }
            });
            InputStream out = process.getInputStream();
            int status = 200;
            String line;
            while (!(line = readLine(out)).isEmpty()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                out.transferTo(body);
            }
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void header(HttpExchange exchange, String name, java.util.function.Consumer<String> use) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
            use.accept(value);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
