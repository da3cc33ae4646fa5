package org.iems.api.config;

/** A configuration property whose value is refused; the message names the PID, the key and the value. */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param pid the configuration's PID
     * @param key the property's key
     * @param value the refused value, as given
     * @param reason why it is refused, e.g. "not a number"
     */
    public InvalidConfigurationException(String pid, String key, Object value, String reason) {
        super(pid + ": " + key + " = " + value + ": " + reason);
        this.key = key;
    }

    /**
     * The property whose value is refused.
     *
     * @return its key, e.g. {@code mx.port}
     */
    public String key() {
        return key;
    }
}
