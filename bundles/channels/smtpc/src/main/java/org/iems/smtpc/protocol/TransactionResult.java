package org.iems.smtpc.protocol;

import java.util.List;

/**
 * How one message transaction ended, per recipient.
 *
 * @param replies for each recipient (in order) the reply that decided it: its RCPT refusal, or
 *        the reply to the data (or to MAIL, when that failed)
 * @param accepted for each recipient whether the server took responsibility for it
 * @param sent whether the message data went out (for the log)
 */
public record TransactionResult(List<Reply> replies, List<Boolean> accepted, boolean sent) {

    /**
     * Creates the value with unmodifiable copies of the lists.
     *
     * @param replies the replies
     * @param accepted the acceptance flags
     * @param sent whether data went out
     */
    public TransactionResult {
        replies = List.copyOf(replies);
        accepted = List.copyOf(accepted);
    }
}
