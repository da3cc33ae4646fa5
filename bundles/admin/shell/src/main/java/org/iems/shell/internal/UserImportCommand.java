package org.iems.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.BulkResult;
import org.iems.api.directory.NewAccount;

/** {@code iems:user-import}: the Account Opening Agent. */
@Service
@Command(scope = "iems", name = "user-import", description = "Creates many accounts from a UTF-8 CSV file of"
        + " address,password,display name,quota (quota: bytes or with K/M/G/T; empty = default). A password may be a"
        + " hash in Dovecot's notation ({ARGON2ID}, {BLF-CRYPT}, {SHA512-CRYPT}, {SSHA512}), stored as it is and"
        + " replaced by Argon2id at the user's next login. All-or-nothing: one bad line and nothing is imported,"
        + " unless --skip-invalid.")
public class UserImportCommand extends DirectoryCommand {

    @Argument(index = 0, name = "file", required = true, description = "The CSV file")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--skip-invalid", description = "Import the valid lines and report the others")
    boolean skipInvalid;

    @Override
    protected void run() throws IOException {
        AccountCsv csv;
        try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            csv = AccountCsv.read(reader);
        } catch (NoSuchFileException e) {
            throw new CommandException("no such file: " + file);
        }
        BulkMode mode = skipInvalid ? BulkMode.SKIP_INVALID : BulkMode.ALL_OR_NOTHING;
        List<String> parseProblems = csv.problems().stream().map(AccountCsv.Problem::toString).toList();
        List<NewAccount> accounts = new ArrayList<>();
        csv.lines().forEach(l -> accounts.add(l.account()));
        BulkResult result = parseProblems.isEmpty() || skipInvalid
                ? directory.addAccounts(accounts, mode)
                : new BulkResult(0, List.of());
        out().println(BulkReport.of("Import of " + file, result, mode, parseProblems,
                i -> "line " + csv.lines().get(i).number()));
    }
}
