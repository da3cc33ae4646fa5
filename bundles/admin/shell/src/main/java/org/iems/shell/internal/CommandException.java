package org.iems.shell.internal;

/**
 * A command that cannot do what it was asked. Karaf prints the message as the command's error,
 * so it is written for the operator: one line per problem, no stack trace.
 */
final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }
}
