package org.iems.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the programs the tests talk to and run: servers in the background, commands to their end. */
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

    /**
     * What a command printed and how it ended.
     *
     * @param ended whether it ended within the time given
     * @param exit its exit code (meaningless unless it ended)
     * @param output its standard output and error, as UTF-8
     */
    public record Output(boolean ended, int exit, String output) {
    }

    /**
     * Runs a command to its end, its output collected.
     *
     * @param command the command
     * @param environment variables added to the inherited environment
     * @param timeout how long to wait for its end once its output is closed
     * @return what it printed and how it ended
     * @throws IOException if it could not be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Output run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Output(ended, ended ? p.exitValue() : -1, new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Runs a command that must succeed: it ends within a minute with exit code 0.
     *
     * @param command the command
     * @return its output
     * @throws IOException if it could not be started, did not end or failed, with its output
     * @throws InterruptedException if interrupted while waiting
     */
    public static String runOrFail(List<String> command) throws IOException, InterruptedException {
        Output result = run(command, Map.of(), Duration.ofMinutes(1));
        if (!result.ended() || result.exit() != 0) {
            throw new IOException("failed: " + String.join(" ", command) + "\n" + result.output());
        }
        return result.output();
    }
}
