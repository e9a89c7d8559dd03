package dev.podbench.terminal.shell;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A client's JSON text frame: {@code {"type":"resize","cols":C,"rows":R}} or {@code {"type":"ack","bytes":N}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlMessage(String type, Integer cols, Integer rows, Long bytes) {
}
