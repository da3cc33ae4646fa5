package org.iems.imapd.protocol;

import java.util.List;

/**
 * One whole command as the client sent it: the text of its lines with each literal in its place
 * (RFC 3501 section 2.2: a literal's octets may continue a command over several lines).
 *
 * @param texts the text before each literal and after the last one: always one more than literals
 * @param literals the literals in order
 */
public record CommandText(List<String> texts, List<Literal> literals) {

    /**
     * Copies the lists.
     *
     * @param texts the texts
     * @param literals the literals
     */
    public CommandText {
        texts = List.copyOf(texts);
        literals = List.copyOf(literals);
        if (texts.size() != literals.size() + 1) {
            throw new IllegalArgumentException("one more text than literals expected");
        }
    }

    /**
     * The first line, without literals: the raw line of a SASL response or of {@code DONE}.
     *
     * @return the text before the first literal
     */
    public String firstLine() {
        return texts.get(0);
    }
}
