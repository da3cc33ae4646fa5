package org.iems.imapd.protocol;

/**
 * The parameters of SELECT and EXAMINE (RFC 4466 section 2.1): CONDSTORE (RFC 7162 section 3.1.8)
 * and QRESYNC (section 3.2.5), whose sequence match data is read and left unused: the store keeps
 * every expunged UID, so the server needs no help to tell which the client missed.
 *
 * @param condStore whether CONDSTORE was given
 * @param qresync the QRESYNC parameter, or null
 */
public record SelectParameters(boolean condStore, Qresync qresync) {

    /** No parameters. */
    public static final SelectParameters NONE = new SelectParameters(false, null);

    /**
     * What a QRESYNC client last knew of the mailbox.
     *
     * @param uidValidity the mailbox's UIDVALIDITY then
     * @param modSeq the HIGHESTMODSEQ it saw
     * @param knownUids the UIDs it knows, or null for all
     */
    public record Qresync(long uidValidity, long modSeq, SequenceSet knownUids) {
    }

    /**
     * Reads the parameters, if any, after the mailbox name.
     *
     * @param a the arguments, positioned after the mailbox name
     * @return the parameters
     * @throws ImapSyntaxException if they do not parse
     */
    public static SelectParameters parse(Arguments a) throws ImapSyntaxException {
        if (!a.skip(' ')) {
            return NONE;
        }
        a.expect('(');
        boolean condStore = false;
        Qresync qresync = null;
        do {
            String name = a.keyword();
            switch (name) {
                case "CONDSTORE" -> condStore = true;
                case "QRESYNC" -> {
                    a.space();
                    qresync = qresync(a);
                }
                default -> throw new ImapSyntaxException("Unknown SELECT parameter " + name);
            }
        } while (a.skip(' '));
        a.expect(')');
        return new SelectParameters(condStore, qresync);
    }

    private static Qresync qresync(Arguments a) throws ImapSyntaxException {
        a.expect('(');
        long uidValidity = a.number(false);
        a.space();
        long modSeq = a.number(true);
        SequenceSet known = null;
        if (a.skip(' ') && a.peek() != '(') {
            known = a.sequenceSet();
            a.skip(' ');
        }
        if (a.skip('(')) {
            a.sequenceSet();
            a.space();
            a.sequenceSet();
            a.expect(')');
        }
        a.expect(')');
        if (uidValidity == 0) {
            throw new ImapSyntaxException("UIDVALIDITY is never 0");
        }
        return new Qresync(uidValidity, modSeq, known);
    }
}
