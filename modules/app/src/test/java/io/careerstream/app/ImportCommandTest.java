package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} without a broker: what stops it before a row is sent, and a dry run's report. */
class ImportCommandTest {

    private static final Path EXAMPLES = Path.of("..", "..", "config", "examples");

    @TempDir
    Path dir;

    @Test
    void aDryRunChecksEveryRowAndSendsNothing() throws Exception {
        CliRun run = CliRun.of("import", EXAMPLES.resolve("mentions.jsonl").toString(), "--dry-run");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 rows", "3 would be sent, 0 rejected", "Last event time 2025-03-05T12:00:00Z");

        Path orders = Files.writeString(dir.resolve("orders.csv"),
                "order_number,customer_id,created_at,sales_channel,total,currency,items,categories\n"
                        + "1,C-1,2025-03-01 10:00:00,web,9.99,USD,1,tea\n"
                        + "2,C-1,2025-03-01 10:00:00,web,9.99,XYZ,1,tea\n");
        Files.copy(EXAMPLES.resolve("orders.import.yaml"), dir.resolve("orders.import.yaml"));
        CliRun rejected = CliRun.of("import", orders.toString(), "--dry-run");
        assertThat(rejected.exit()).isEqualTo(1);
        assertThat(rejected.err()).contains("3\tINVALID_CURRENCY\tcurrency 'XYZ' is not an ISO 4217 code");
        assertThat(rejected.out()).contains("1 would be sent, 1 rejected", "INVALID_CURRENCY");
    }

    @Test
    void aMissingOrWrongMappingStopsItBeforeAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("export.csv"), "a,b\n1,2\n");
        CliRun none = CliRun.of("import", file.toString(), "--dry-run");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("export.import.yaml", "give one with --mapping", "Nothing sent");

        Files.writeString(dir.resolve("export.import.yaml"), "format: csv\nfields: {kind: {value: PURCHASE}, customerId: a, "
                + "occurredAt: b, orderid: a}\n");
        CliRun wrong = CliRun.of("import", file.toString(), "--dry-run");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("fields.orderid: not a field of a touchpoint");

        CliRun noBroker = CliRun.of("import", EXAMPLES.resolve("mentions.jsonl").toString());
        assertThat(noBroker.exit()).isEqualTo(2);
        assertThat(noBroker.err()).contains("bootstrap.servers");
    }
}
