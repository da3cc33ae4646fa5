package org.iems.imapd.protocol.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

/**
 * A Date header (RFC 5322 section 3.3): its day in the sender's own time zone, for SENT* keys, and
 * its instant, for SORT and THREAD (RFC 5256 section 2.2), read by mime4j's lenient parser.
 */
final class SentDate {

    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2}) ([A-Za-z]{3}) (\\d{2,4})");

    private SentDate() {
    }

    static Optional<Instant> instant(String value) {
        Date date = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT).getDate();
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    static Optional<LocalDate> parse(String value) {
        String v = value.replaceAll("\\([^)]*\\)", "").strip().replaceAll("\\s+", " ");
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate());
        } catch (DateTimeParseException e) {
            // obsolete forms: missing weekday or seconds, named zones; the day is what SENT* compares
            Matcher m = DAY_MONTH_YEAR.matcher(v);
            if (!m.find()) {
                return Optional.empty();
            }
            try {
                int year = Integer.parseInt(m.group(3));
                year = m.group(3).length() == 2 ? (year < 50 ? 2000 + year : 1900 + year) : year;
                return Optional.of(LocalDate.parse(m.group(1) + "-" + m.group(2) + "-" + year,
                        DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH)));
            } catch (DateTimeParseException | NumberFormatException notADate) {
                return Optional.empty();
            }
        }
    }
}
