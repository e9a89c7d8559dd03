package dev.podbench.pr.hosts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last answer per (URL, token) with its ETag, for conditional requests. Keyed by the token's fingerprint too:
 * another token may see another answer. Bounded: the least recently used answer goes first.
 */
final class AnswerCache {

    record Entry(String etag, String body, Optional<String> nextPage) {
    }

    private final Map<String, Entry> entries;

    AnswerCache(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    static String key(String laneKey, String url) {
        return laneKey + " " + url;
    }

    synchronized Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Entry entry) {
        entries.put(key, entry);
    }
}
