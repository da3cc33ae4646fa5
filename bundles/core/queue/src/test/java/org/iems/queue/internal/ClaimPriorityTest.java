package org.iems.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimPriorityTest {

    @Test
    void notificationsFirstThenOrdinaryMailThenTheBulk() {
        assertThat(ClaimPriority.of(true, 50L * 1024 * 1024, 500)).isEqualTo(ClaimPriority.NOTIFICATION);
        assertThat(ClaimPriority.of(false, ClaimPriority.LARGE, ClaimPriority.SLICE - 1)).isEqualTo(ClaimPriority.ORDINARY);
        assertThat(ClaimPriority.of(false, ClaimPriority.LARGE + 1, 0)).isEqualTo(ClaimPriority.BULK);
        assertThat(ClaimPriority.of(false, 1000, ClaimPriority.SLICE)).isEqualTo(ClaimPriority.BULK);
    }
}
