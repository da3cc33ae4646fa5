package org.iems.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starts the servers the tests talk to, their output going to a file the test can show. */
public final class Processes {

    private Processes() {
    }

    /**
     * Starts a command and waits until its output holds a line with the given text.
     *
     * @param command the command
     * @param log where its output goes
     * @param ready the text that says it is ready
     * @return the process
     * @throws IOException if it ended or did not get ready within 20 seconds
     */
    public static Process startAndAwait(List<String> command, Path log, String ready) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(log).contains(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return process;
    }
}
