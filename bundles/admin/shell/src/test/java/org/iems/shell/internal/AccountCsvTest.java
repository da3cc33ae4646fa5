package org.iems.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountCsvTest {

    private static AccountCsv read(String text) throws IOException {
        return AccountCsv.read(new BufferedReader(new StringReader(text)));
    }

    @Test
    void readsAccountsWithOptionalFieldsHeaderAndComments() throws IOException {
        AccountCsv csv = read("address,password,name,quota\n"
                + "# a comment\n"
                + "bart@ima.com,secret,Bart Simpson,10M\n"
                + "\n"
                + "lisa@ima.com,\"pa,ss\"\"word\",\"Simpson, Lisa\",0\n"
                + "maggie@ima.com,pw\n");
        assertThat(csv.problems()).isEmpty();
        assertThat(csv.lines()).extracting(AccountCsv.Line::number).containsExactly(3, 5, 6);
        assertThat(csv.lines().get(0).account().quotaBytes()).isEqualTo(10L << 20);
        assertThat(csv.lines().get(1).account().password()).isEqualTo("pa,ss\"word");
        assertThat(csv.lines().get(1).account().displayName()).isEqualTo("Simpson, Lisa");
        assertThat(csv.lines().get(2).account().quotaBytes()).isEqualTo(-1);
    }

    @Test
    void namesTheLineAndTheProblemOfEachBrokenLine() throws IOException {
        AccountCsv csv = read("ok@ima.com,pw\n"
                + "bad@@ima.com,pw\n"
                + "nopass@ima.com,\n"
                + "onlyone@ima.com\n"
                + "q@ima.com,pw,,lots\n"
                + "u@ima.com,\"open\n");
        assertThat(csv.lines()).hasSize(1);
        assertThat(csv.problems()).extracting(Object::toString).containsExactly(
                "line 2: malformed address 'bad@@ima.com': character '@' needs quoting in a local part",
                "line 3: empty password for nopass@ima.com",
                "line 4: expected address,password[,display name[,quota]] but found 1 fields",
                "line 5: invalid quota 'lots' (bytes, or a number with K, M, G or T)",
                "line 6: unterminated quote in field 2");
    }

    @ParameterizedTest
    @CsvSource({"'',-1", "0,0", "1024,1024", "2k,2048", "3 M,3145728", "1G,1073741824", "1t,1099511627776"})
    void quotasTakeUnits(String text, long bytes) {
        assertThat(Args.quota(text)).isEqualTo(bytes);
    }

    @Test
    void negativeOrHugeQuotasAreRefused() {
        assertThatThrownBy(() -> Args.quota("-1")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Args.quota("99999999999T")).hasMessageContaining("out of range");
    }
}
