package org.iems.imapd.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSetTest {

    @Test
    void resolvesStarsReversedRangesAndOverlaps() throws Exception {
        SequenceSet set = SequenceSet.parse("2,4:7,9,12:*").resolve(15);
        assertThat(List.of(1L, 2L, 3L, 4L, 7L, 8L, 9L, 11L, 12L, 15L, 16L)).filteredOn(set::contains)
                .containsExactly(2L, 4L, 7L, 9L, 12L, 15L);
        assertThat(SequenceSet.parse("9:2").resolve(20).toString()).isEqualTo("2:9");
        assertThat(SequenceSet.parse("*:4").resolve(2).toString()).isEqualTo("2:4");
        assertThat(SequenceSet.parse("1:3,2:5,7,6").resolve(10).toString()).isEqualTo("1:7");
    }

    @Test
    void hugeRangesCostNothing() throws Exception {
        SequenceSet set = SequenceSet.parse("1:4294967295,4294967295:1").resolve(0);
        assertThat(set.contains(4294967295L)).isTrue();
        assertThat(set.max()).isEqualTo(4294967295L);
    }

    @Test
    void anEmptyMailboxResolvesStarToNothing() throws Exception {
        assertThat(SequenceSet.parse("*").resolve(0).contains(1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1:0", "4294967296", "1,,2", "1:", ":2", "a", "1:2:3", "99999999999"})
    void refusesWhatIsNoSequenceSet(String text) {
        assertThatThrownBy(() -> SequenceSet.parse(text)).isInstanceOf(ImapSyntaxException.class);
    }
}
