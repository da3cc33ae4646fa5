package org.iems.imapd.protocol.mime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.iems.imapd.protocol.ResponseBuilder;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2): type, subtype, parameters, id,
 * description, encoding and size of each part, lines of text parts, envelope and structure of
 * encapsulated messages, and with BODYSTRUCTURE the extension data (MD5, disposition, language,
 * location). Multiparts list their parts, then their subtype.
 */
public final class BodyStructureWriter {

    private BodyStructureWriter() {
    }

    /**
     * Writes a part's structure.
     *
     * @param out where to
     * @param part the part
     * @param extensible whether to add extension data (BODYSTRUCTURE) or not (BODY)
     */
    public static void write(ResponseBuilder out, MimePart part, boolean extensible) {
        out.raw("(");
        if (part.multipart()) {
            for (MimePart child : part.children()) {
                write(out, child, extensible);
            }
            out.sp().string(upper(part.type().subtype()));
            if (extensible) {
                out.sp();
                parameters(out, part.type().parameters());
                extension(out, part.headers());
            }
        } else {
            leaf(out, part, extensible);
        }
        out.raw(")");
    }

    private static void leaf(ResponseBuilder out, MimePart part, boolean extensible) {
        Headers h = part.headers();
        out.string(upper(part.type().type())).sp().string(upper(part.type().subtype())).sp();
        List<String[]> parameters = part.type().parameters();
        if (part.type().type().equals("text") && part.type().parameter("charset").isEmpty()) {
            // RFC 2045 section 5.2: text without a charset is US-ASCII
            parameters = new ArrayList<>(parameters);
            parameters.add(0, new String[] {"charset", "us-ascii"});
        }
        parameters(out, parameters);
        out.sp().nstring(h.first("Content-ID").orElse(null)).sp().nstring(h.first("Content-Description").orElse(null))
                .sp().string(h.first("Content-Transfer-Encoding").map(e -> upper(e.strip())).orElse("7BIT")).sp()
                .number(part.bodySize());
        if (part.message().isPresent()) {
            MimePart inner = part.message().get();
            out.sp();
            EnvelopeWriter.write(out, inner.headers());
            out.sp();
            write(out, inner, extensible);
            out.sp().number(part.bodyLines());
        } else if (part.type().type().equals("text")) {
            out.sp().number(part.bodyLines());
        }
        if (extensible) {
            out.sp().nstring(h.first("Content-MD5").orElse(null));
            extension(out, h);
        }
    }

    /** Disposition, language and location (RFC 3501 body-ext-1part / body-ext-mpart). */
    private static void extension(ResponseBuilder out, Headers h) {
        out.sp();
        String disposition = h.first("Content-Disposition").orElse(null);
        if (disposition == null) {
            out.raw("NIL");
        } else {
            ContentType d = ContentType.parse(disposition);
            out.raw("(").string(d.written()).sp();
            parameters(out, d.parameters());
            out.raw(")");
        }
        out.sp();
        String language = h.first("Content-Language").orElse(null);
        if (language == null) {
            out.raw("NIL");
        } else {
            List<String> tags = List.of(language.split("[,\\s]+"));
            out.raw("(");
            for (int i = 0; i < tags.size(); i++) {
                out.raw(i == 0 ? "" : " ").string(tags.get(i));
            }
            out.raw(")");
        }
        out.sp().nstring(h.first("Content-Location").map(BodyStructureWriter::location).orElse(null));
    }

    /**
     * A Content-Location as the URI it names (RFC 2557 section 4.4.1): comments dropped, quotes
     * and the white space of folding removed.
     */
    private static String location(String value) {
        String uri = ContentType.parse(value).written();
        if (uri.length() >= 2 && uri.startsWith("\"") && uri.endsWith("\"")) {
            uri = uri.substring(1, uri.length() - 1);
        }
        return uri.replaceAll("\\s+", "");
    }

    /** Parameters by name, so a part's structure reads the same whatever order its header used. */
    private static void parameters(ResponseBuilder out, List<String[]> given) {
        if (given.isEmpty()) {
            out.raw("NIL");
            return;
        }
        List<String[]> parameters = new ArrayList<>(given);
        parameters.sort(Comparator.comparing((String[] p) -> p[0], String.CASE_INSENSITIVE_ORDER));
        out.raw("(");
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                out.sp();
            }
            out.string(parameters.get(i)[0]).sp().string(parameters.get(i)[1]);
        }
        out.raw(")");
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
