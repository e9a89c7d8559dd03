package dev.podbench.events;

/** The part of a session a user acted through: its terminal or its coding-agent chat. */
public enum Surface implements WireEnum {
    TERMINAL("terminal"),
    CHAT("chat");

    private final String value;

    Surface(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static Surface fromValue(String value) {
        return WireEnum.fromValue(Surface.class, value);
    }
}
