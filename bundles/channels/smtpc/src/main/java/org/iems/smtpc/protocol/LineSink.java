package org.iems.smtpc.protocol;

import java.io.IOException;

/** A stage of the message on its way to the server: takes it line by line, without line ends. */
interface LineSink {

    /**
     * Takes one line. The array is the caller's: a stage that keeps the line copies it.
     *
     * @param line holds the line's bytes, without CR LF, from index 0
     * @param length the line's length
     * @throws IOException if the connection failed
     */
    void line(byte[] line, int length) throws IOException;

    /**
     * The message has ended.
     *
     * @throws IOException if the connection failed
     */
    void end() throws IOException;
}
