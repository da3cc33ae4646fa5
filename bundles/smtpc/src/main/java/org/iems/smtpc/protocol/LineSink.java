package org.iems.smtpc.protocol;

import java.io.IOException;

/** A stage of the message on its way to the server: takes it line by line, without line ends. */
interface LineSink {

    /**
     * Takes one line.
     *
     * @param line the line's bytes, without CR LF
     * @throws IOException if the connection failed
     */
    void line(byte[] line) throws IOException;

    /**
     * The message has ended.
     *
     * @throws IOException if the connection failed
     */
    void end() throws IOException;
}
