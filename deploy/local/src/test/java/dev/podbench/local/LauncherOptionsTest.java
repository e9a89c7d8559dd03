package dev.podbench.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void defaultsComeFromTheEnvironment() {
        LauncherOptions options = LauncherOptions.parse(List.of("up"),
                Map.of("PODBENCH_HOME", "/tmp/pb-home", "PODBENCH_PORT", "9090"));
        assertEquals(Path.of("/tmp/pb-home"), options.home());
        assertEquals(9090, options.uiPort());
        assertEquals(8081, options.firstServicePort());
        assertEquals(15432, options.postgresPort());
        assertEquals(19092, options.kafkaPort());
    }

    @Test
    void optionsOverrideTheEnvironment() {
        LauncherOptions options = LauncherOptions.parse(
                List.of("up", "--home", "/tmp/other", "--port", "7000", "--services-port", "7100",
                        "--postgres-port", "7200", "--kafka-port", "7300"),
                Map.of("PODBENCH_PORT", "9090"));
        assertEquals(Path.of("/tmp/other"), options.home());
        assertEquals(7000, options.uiPort());
        assertEquals(7100, options.firstServicePort());
        assertEquals(7200, options.postgresPort());
        assertEquals(7300, options.kafkaPort());
        List<LocalService> services = LocalService.all(options);
        assertEquals(6, services.size());
        assertEquals(7104, services.get(4).port());
    }

    @Test
    void helpIsRecognised() {
        assertTrue(LauncherOptions.parse(List.of("up", "--help"), Map.of()).help());
        assertTrue(LauncherOptions.parse(List.of("-h"), Map.of()).help());
    }

    @Test
    void badValuesAreExplained() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> LauncherOptions.parse(List.of("up", "--port", "http"), Map.of()));
        assertEquals("--port must be a port number (1-65535), not 'http'", port.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LauncherOptions.parse(List.of("up", "--verbose"), Map.of()));
        assertEquals("unknown option: --verbose (see --help)", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("up", "--home"), Map.of()));
    }

    @Test
    void aPortInUseIsNamedWithItsOwner() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> busy = PortCheck.busy(Map.of(port, "web-ui (--port)"));
            assertEquals(List.of("port " + port + " for web-ui (--port)"), busy);
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = probe.getLocalPort();
            probe.close();
            assertEquals(List.of(), PortCheck.busy(Map.of(free, "kafka")));
        }
    }
}
