package io.careerstream.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowPurchasesTest {

    @Test
    void readsRowsSkipsTheHeaderAndReportsBadLinesWithTheirNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cdnow.txt");
        Files.writeString(file, " customer_id  date number_of_cds  dollar_value\r\n"
                + " 00001 19970101  1  11.77\r\n"
                + " 00002 1997013x  1  12.00\r\n"
                + " 00003 19970102  2  0.00\r\n"
                + " 00004 19970102  2\r\n");
        CdnowPurchases.Result result = CdnowPurchases.read(file);

        assertThat(result.rows()).extracting(CdnowPurchases.Row::customerId).containsExactly("00001", "00003");
        CdnowPurchases.Row first = result.rows().get(0);
        assertThat(first.amountCents()).isEqualTo(1177);
        assertThat(Instant.ofEpochMilli(first.occurredAt()).toString()).startsWith("1997-01-01T");
        assertThat(result.rejected()).hasSize(2);
        assertThat(result.rejected().get(0)).startsWith("cdnow.txt:3: ");
        assertThat(result.rejected().get(1)).contains(":5: expected 4 fields");
    }
}
