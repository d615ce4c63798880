package io.careerstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's per-event accounting counts encodes and decodes through these counters. */
class SerdeCountsTest {

    private final String scope = "serde-counts-" + UUID.randomUUID();
    private final String url = "mock://" + scope;

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.drop(scope);
    }

    @Test
    void countsEachRecordEncodedAndDecodedByItsType_andNotWhatFailsToDecode() {
        ChurnAlert alert = ChurnAlert.newBuilder().setAlertId("c:1:AT_RISK").setCustomerId("c")
                .setLevel(ChurnLevel.AT_RISK).setAt(Instant.ofEpochMilli(5000)).setLastPurchaseAt(Instant.ofEpochMilli(1000))
                .setDaysSinceLastPurchase(20).setExpectedIntervalDays(10).setPurchaseDays(2).setDoNotContact(false)
                .setDoNotContactReasons(List.of()).setSuggestedAction("RETENTION_OFFER").build();
        SpecificAvroSerde<ChurnAlert> serde = SpecificAvroSerde.forValues(ChurnAlert.class, url);
        long encodedBefore = SerdeCounts.encoded().getOrDefault("ChurnAlert", 0L);
        long decodedBefore = SerdeCounts.decoded().getOrDefault("ChurnAlert", 0L);

        byte[] first = serde.serializer().serialize("churn-alerts", alert);
        serde.serializer().serialize("churn-alerts", alert);
        serde.deserializer().deserialize("churn-alerts", first);
        assertThat(serde.serializer().serialize("churn-alerts", null)).isNull(); // a tombstone is no encode
        byte[] truncated = java.util.Arrays.copyOf(first, first.length - 3);
        assertThatThrownBy(() -> serde.deserializer().deserialize("churn-alerts", truncated))
                .isInstanceOf(SerializationException.class);

        assertThat(SerdeCounts.encoded().get("ChurnAlert") - encodedBefore).isEqualTo(2);
        assertThat(SerdeCounts.decoded().get("ChurnAlert") - decodedBefore).isEqualTo(1);
    }
}
