package org.iems.preprocessor.internal;

/** Tells the postmaster about something an operator must fix. */
@FunctionalInterface
interface Alerter {

    /**
     * Sends one alert.
     *
     * @param subject the subject line
     * @param text the body
     */
    void alert(String subject, String text);
}
