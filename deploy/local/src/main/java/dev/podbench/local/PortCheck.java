package dev.podbench.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the ports that are already taken on 127.0.0.1, before anything is started. */
final class PortCheck {

    private PortCheck() {
    }

    /** @param ports port → what wants it (e.g. "web-ui (--port)") */
    static List<String> busy(Map<Integer, String> ports) {
        List<String> busy = new ArrayList<>();
        ports.forEach((port, owner) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (IOException e) {
                busy.add("port " + port + " for " + owner);
            }
        });
        return busy;
    }
}
