package io.careerstream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which part of a file the ledger says was imported: all of it, the part a grown file still starts with, or none. */
class ImportLedgerTest {

    private static final byte[] SEED = ImportLedger.seed("touchpoints", "format: csv".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void theSameFileWasImportedWhole() throws Exception {
        Path file = write("a.csv", "h\n1\n2\n");
        ImportLedger ledger = ledgerOf(file, SEED);
        assertThat(ledger.imported(file, SEED).whole()).isTrue();
        assertThat(ledger.imported(file, ImportLedger.seed("other-topic", "format: csv".getBytes(StandardCharsets.UTF_8))))
                .as("another topic").isEqualTo(ImportLedger.Imported.NOTHING);
    }

    @Test
    void aFileThatGrewWasImportedUpToItsOldEnd() throws Exception {
        Path file = write("a.csv", "h\n1\n2\n");
        ImportLedger ledger = ledgerOf(file, SEED);
        Files.writeString(file, "h\n1\n2\n3\n4\n");
        ImportLedger.Imported imported = ledger.imported(file, SEED);
        assertThat(imported.whole()).isFalse();
        assertThat(imported.throughLine()).isEqualTo(3);
    }

    @Test
    void aFileChangedInsideTheImportedPartOrWhoseLastLineGrewMatchesNothing() throws Exception {
        Path file = write("a.csv", "h\n1\n2\n");
        ImportLedger ledger = ledgerOf(file, SEED);
        Files.writeString(file, "h\n1\nX\n3\n");
        assertThat(ledger.imported(file, SEED)).isEqualTo(ImportLedger.Imported.NOTHING);

        Path unterminated = write("b.csv", "h\n1\n2");
        ImportLedger other = ledgerOf(unterminated, SEED);
        Files.writeString(unterminated, "h\n1\n23\n");
        assertThat(other.imported(unterminated, SEED)).as("line 3 is another row now").isEqualTo(ImportLedger.Imported.NOTHING);
    }

    /** A ledger holding one finished import of {@code file} as it is now. */
    private static ImportLedger ledgerOf(Path file, byte[] seed) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        MessageDigest digest = ImportLedger.digest(seed);
        digest.update(bytes);
        Map<String, ImportLedger.Entry> entries = new HashMap<>();
        entries.put(ImportLedger.hex(digest.digest()), ImportLedger.entry(bytes.length, 3, file, 2, 0));
        return new ImportLedger(Map.of(), "ledger", entries);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
