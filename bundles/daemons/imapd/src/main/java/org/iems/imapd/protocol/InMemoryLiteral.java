package org.iems.imapd.protocol;

/** A literal small enough to keep in memory: command arguments such as a mailbox name. */
record InMemoryLiteral(byte[] bytes) implements Literal {

    @Override
    public long size() {
        return bytes.length;
    }
}
