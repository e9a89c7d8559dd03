package dev.podbench.chat.transcript;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A numbered transcript event as sent to clients: {@code {"type":"event","seq":N,"event":{...}}}. */
public record StoredEvent(long seq, ObjectNode event) {
}
