package org.iems.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;
import org.iems.api.mail.InvalidAddressException;
import org.iems.api.mail.MailAddress;

/** {@code iems:user-remove}. */
@Service
@Command(scope = "iems", name = "user-remove", description = "Removes accounts, given on the line or in a file"
        + " (one address a line). All-or-nothing: one unknown address and nothing is removed, unless --skip-invalid.")
public class UserRemoveCommand extends DirectoryCommand {

    @Argument(index = 0, name = "addresses", multiValued = true, description = "The accounts' addresses")
    @Completion(AccountCompleter.class)
    List<String> addresses = new ArrayList<>();

    @Option(name = "--file", aliases = "-f", description = "A file of addresses, one a line (# comments allowed)")
    String file;

    @Option(name = "--skip-invalid", description = "Remove the accounts that exist and report the others")
    boolean skipInvalid;

    @Override
    protected void run() throws IOException {
        List<String> items = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        addresses.forEach(a -> {
            items.add(a);
            origins.add("argument " + (origins.size() + 1));
        });
        if (file != null) {
            readFile(items, origins);
        }
        if (items.isEmpty()) {
            throw new CommandException("no address given: name accounts or a --file");
        }
        List<MailAddress> parsed = new ArrayList<>();
        List<String> parsedOrigins = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                parsed.add(MailAddress.parse(items.get(i)));
                parsedOrigins.add(origins.get(i));
            } catch (InvalidAddressException e) {
                problems.add(origins.get(i) + ": " + e.getMessage());
            }
        }
        BulkMode mode = skipInvalid ? BulkMode.SKIP_INVALID : BulkMode.ALL_OR_NOTHING;
        BulkResult result = problems.isEmpty() || skipInvalid
                ? directory.removeAccounts(parsed, mode)
                : new BulkResult(0, List.of());
        out().println(BulkReport.of("Removal", result, mode, problems, parsedOrigins::get));
    }

    private void readFile(List<String> items, List<String> origins) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandException("no such file: " + file);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                items.add(line);
                origins.add("line " + (i + 1));
            }
        }
    }
}
