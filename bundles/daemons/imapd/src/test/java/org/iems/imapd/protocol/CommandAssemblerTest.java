package org.iems.imapd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandAssemblerTest {

    private final List<Long> spooled = new ArrayList<>();
    private final CommandAssembler assembler = new CommandAssembler(new CommandAssembler.Limits(1000, 100, 300,
            10_000), size -> {
                spooled.add(size);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                return new LiteralSpool.Spooling() {
                    @Override
                    public OutputStream stream() {
                        return out;
                    }

                    @Override
                    public Literal finish() {
                        return new InMemoryLiteral(out.toByteArray());
                    }

                    @Override
                    public void abandon() {
                        spooled.add(-1L);
                    }
                };
            });

    /** Feeds input in pieces of the given size and collects every outcome. */
    private List<CommandAssembler.Outcome> feed(String input, int piece) throws Exception {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        List<CommandAssembler.Outcome> outcomes = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += piece) {
            byte[] chunk = Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + piece));
            int at = 0;
            while (at < chunk.length) {
                at = assembler.feed(chunk, at);
                assembler.take().ifPresent(outcomes::add);
            }
        }
        return outcomes;
    }

    @Test
    void joinsLinesAndLiteralsWhereverTheInputIsSplit() throws Exception {
        String input = "a1 LOGIN {4}\r\nlisa {6}\r\nsecret\r\na2 NOOP\r\n";
        for (int piece = 1; piece <= input.length(); piece++) {
            List<CommandAssembler.Outcome> outcomes = feed(input, piece);
            assertThat(outcomes).hasSize(4);
            assertThat(outcomes.get(0)).isInstanceOf(CommandAssembler.ContinueLiteral.class);
            assertThat(outcomes.get(1)).isInstanceOf(CommandAssembler.ContinueLiteral.class);
            CommandText login = ((CommandAssembler.Complete) outcomes.get(2)).command();
            assertThat(login.texts()).containsExactly("a1 LOGIN ", " ", "");
            assertThat(login.literals()).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8))
                    .containsExactly("lisa", "secret");
            assertThat(((CommandAssembler.Complete) outcomes.get(3)).command().firstLine()).isEqualTo("a2 NOOP");
        }
    }

    @Test
    void nonSynchronizingLiteralsNeedNoContinuation() throws Exception {
        List<CommandAssembler.Outcome> outcomes = feed("a1 LOGIN {4+}\r\nlisa {6+}\r\nsecret\r\n", 7);
        assertThat(outcomes).hasSize(1);
        assertThat(((CommandAssembler.Complete) outcomes.get(0)).command().literals()).hasSize(2);
    }

    @Test
    void appendMessagesOverTheMemoryLimitAreSpooled() throws Exception {
        String message = "x".repeat(5000);
        List<CommandAssembler.Outcome> outcomes = feed("a1 APPEND INBOX {5000+}\r\n" + message + "\r\n", 512);
        assertThat(spooled).containsExactly(5000L);
        assertThat(((CommandAssembler.Complete) outcomes.get(0)).command().literals().get(0).size()).isEqualTo(5000);
    }

    @Test
    void refusesATooLargeSynchronizingLiteralAndCarriesOn() throws Exception {
        List<CommandAssembler.Outcome> outcomes = feed("a1 APPEND INBOX {4294967296}\r\na2 NOOP\r\n", 100);
        assertThat(outcomes.get(0)).isEqualTo(new CommandAssembler.Refused("a1", "Message too large", true, false));
        assertThat(((CommandAssembler.Complete) outcomes.get(1)).command().firstLine()).isEqualTo("a2 NOOP");
        assertThat(feed("a3 LOGIN {101}\r\n", 100).get(0))
                .isEqualTo(new CommandAssembler.Refused("a3", "Literal too large", true, false));
    }

    @Test
    void aTooLargeNonSynchronizingLiteralEndsTheConnection() throws Exception {
        List<CommandAssembler.Outcome> outcomes = feed("a1 LOGIN {99999999999999+}\r\nxxxx\r\na2 NOOP\r\n", 9);
        assertThat(outcomes).containsExactly(new CommandAssembler.Refused("a1", "Literal too large", true, true));
    }

    @Test
    void aTooLongLineIsRefusedWithItsTagAndTheNextCommandWorks() throws Exception {
        List<CommandAssembler.Outcome> outcomes = feed("a1 NOOP " + "x".repeat(5000) + "\r\na2 NOOP\r\n", 64);
        assertThat(outcomes.get(0)).isEqualTo(new CommandAssembler.Refused("a1", "Command line too long", false,
                false));
        assertThat(((CommandAssembler.Complete) outcomes.get(1)).command().firstLine()).isEqualTo("a2 NOOP");
    }

    @Test
    void inMemoryLiteralsOfOneCommandAreLimitedTogether() throws Exception {
        String literal = "{100}\r\n" + "y".repeat(100);
        // a client sends a synchronizing literal only after the continuation; the fourth is refused first
        List<CommandAssembler.Outcome> outcomes = feed("a1 X " + literal + " " + literal + " " + literal + " "
                + "{100}\r\n", 1000);
        assertThat(outcomes).last().isEqualTo(new CommandAssembler.Refused("a1", "Literal too large", true, false));
    }
}
