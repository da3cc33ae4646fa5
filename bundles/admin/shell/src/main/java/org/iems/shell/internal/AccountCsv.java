package org.iems.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;

/**
 * Reads the Account Opening Agent's CSV: {@code address,password,display name,quota}, one
 * account a line (RFC 4180 quoting; display name and quota optional). Blank lines, lines
 * starting with {@code #} and a header line starting with {@code address} are skipped.
 */
final class AccountCsv {

    /** One parsed line: the account and where it came from. */
    record Line(int number, NewAccount account) {
    }

    /** One line that could not be parsed. */
    record Problem(int number, String message) {
        @Override
        public String toString() {
            return "line " + number + ": " + message;
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    static AccountCsv read(BufferedReader reader) throws IOException {
        AccountCsv csv = new AccountCsv();
        String text;
        int number = 0;
        while ((text = reader.readLine()) != null) {
            number++;
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")
                    || (number == 1 && trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("address"))) {
                continue;
            }
            csv.parseLine(number, text);
        }
        return csv;
    }

    private void parseLine(int number, String text) {
        List<String> fields;
        try {
            fields = fields(text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(number, e.getMessage()));
            return;
        }
        if (fields.size() < 2 || fields.size() > 4) {
            problems.add(new Problem(number, "expected address,password[,display name[,quota]] but found "
                    + fields.size() + " fields"));
            return;
        }
        try {
            MailAddress address = MailAddress.parse(fields.get(0).strip());
            String password = fields.get(1);
            if (password.isEmpty()) {
                problems.add(new Problem(number, "empty password for " + address));
                return;
            }
            String name = fields.size() > 2 ? fields.get(2).strip() : "";
            long quota = Args.quota(fields.size() > 3 ? fields.get(3) : "");
            lines.add(new Line(number, new NewAccount(address, password, name, quota)));
        } catch (InvalidAddressException e) {
            problems.add(new Problem(number, e.getMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(number, e.getMessage()));
        }
    }

    /** Splits one CSV record into fields, honouring double quotes and doubled quotes inside them. */
    static List<String> fields(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("text after a closing quote in field " + (fields.size() + 1));
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in field " + (fields.size() + 1));
        }
        fields.add(field.toString());
        return fields;
    }

    List<Line> lines() {
        return lines;
    }

    List<Problem> problems() {
        return problems;
    }
}
