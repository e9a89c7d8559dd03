package dev.podbench.terminal.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything tunable about live terminals; see application.properties for the per-profile values. */
@ConfigMapping(prefix = "podbench.terminal")
public interface TerminalConfig {

    /**
     * Browser origins allowed to open a terminal. A request without an {@code Origin} header (a non-browser
     * client holding a bearer token) is always allowed: Origin only protects cookie-carrying browsers.
     */
    List<String> allowedOrigins();

    /** How long a connection waits for a session that is not (yet) in the snapshot topic. */
    @WithDefault("3s")
    Duration sessionWait();

    FlowControl flowControl();

    Shell shell();

    Events events();

    Audit audit();

    interface FlowControl {
        /** Stop reading the shell's output once this many sent bytes are not acknowledged by the client. */
        @WithDefault("262144")
        int highWaterMark();

        /** Resume reading once the unacknowledged bytes drop to this. */
        @WithDefault("65536")
        int lowWaterMark();

        /** Largest output frame; output read while a frame is in flight is coalesced up to this size. */
        @WithDefault("65536")
        int maxFrame();

        /** Input frames above this are refused with close code 1009. */
        @WithDefault("65536")
        int maxInputFrame();

        /**
         * tmux terminals: after an output frame of at least this many bytes (a redraw, not an echo), the next read
         * waits {@code redraw-pacing-interval}, so that tmux skips screens during a flood instead of drawing each.
         */
        @WithDefault("512")
        int redrawPacingThreshold();

        /** See {@code redraw-pacing-threshold}; 0 turns pacing off. */
        @WithDefault("25ms")
        Duration redrawPacingInterval();
    }

    interface Shell {
        /** {@code auto} (use tmux when installed), {@code tmux} or {@code plain} (no persistence beyond a replay buffer). */
        @WithDefault("auto")
        TmuxMode tmux();

        @WithDefault("xterm-256color")
        String term();

        /** The shell of the plain (tmux-less) fallback, started as a login shell. */
        @WithDefault("/bin/bash")
        String plainShell();

        /**
         * The program (argv, comma-separated) a new terminal runs instead of the user's login shell, e.g.
         * {@code bash,--noprofile,--norc} where login scripts are slow or unwanted; unset for the login shell.
         */
        Optional<List<String>> program();

        /** Output kept per plain shell to redraw a reconnecting browser. */
        @WithDefault("262144")
        int replayBufferBytes();
    }

    interface Events {
        /** Minimum time between two {@code session.activity} events of one session. */
        @WithDefault("1m")
        Duration activityInterval();

        /** Output kept from the previous frame so a URL split across frames is still found. */
        @WithDefault("512")
        int urlScanOverlap();
    }

    interface Audit {
        /** Connection records being written at most at once; more are dropped (and counted), never queued. */
        @WithDefault("1000")
        int maxPendingWrites();

        /** A record not written within this (database down or slow) is given up (and counted). */
        @WithDefault("10s")
        Duration writeTimeout();
    }

    enum TmuxMode {
        AUTO, TMUX, PLAIN
    }
}
