package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.careerstream.app.ingest.TouchpointChecks;
import io.careerstream.domain.ReportingCurrency;
import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * What a client controls in the HTTP API, through the functions the handlers call (driving Javalin
 * would need a running pipeline behind it): the answer is a value or a refusal the API turns into
 * a 4xx, never an exception it would answer with 500.
 *
 * <p>The first byte picks the input, the rest is it:
 * <ul>
 *   <li>0: {@code ?at=} of /customers/{id}/explain — an instant, or IllegalArgumentException (400) naming it;
 *   <li>1: the customer id of /customers/{id} as it is put into a path to forward the request — a
 *       single path segment that decodes back to the id (or IllegalArgumentException, 400, for text
 *       that is not valid UTF-16);
 *   <li>2: a POST /touchpoints body — events with their keys, or 400/413 with an error.
 * </ul>
 * The inputs directory ({@code HttpInputsFuzzTestInputs/request}) holds one start of each kind and
 * the inputs of findings; {@code mvn test} replays them.
 */
class HttpInputsFuzzTest {

    private static final TouchpointChecks CHECKS = new TouchpointChecks(900_000,
            new ReportingCurrency("USD", Map.of("EUR", new BigDecimal("1.1"))));
    private static final int MAX_EVENTS = 5;

    @FuzzTest(maxDuration = "15s")
    void request(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        String text = new String(rest, StandardCharsets.UTF_8);
        switch (Math.floorMod(input[0], 3)) {
            case 0 -> at(text);
            case 1 -> customerId(text);
            default -> body(rest);
        }
    }

    private static void at(String at) {
        try {
            CareerstreamApi.at(at, 0);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("at=");
        }
    }

    private static void customerId(String id) {
        String segment = CustomerPaths.segment(id);
        assertThat(segment).doesNotContain("/", "?", "#", " ");
        // What the other instance reads as its {id}: the percent-decoded segment.
        assertThat(URI.create("/customers/" + segment).getPath()).isEqualTo("/customers/" + id);
    }

    private static void body(byte[] body) {
        TouchpointIngestion.Batch batch = TouchpointIngestion.read(body, MAX_EVENTS, CHECKS);
        if (batch.status() != null) {
            assertThat(batch.status()).isIn(Set.of(HttpStatus.BAD_REQUEST, HttpStatus.CONTENT_TOO_LARGE));
            assertThat(batch.error()).containsKey("error");
        } else {
            assertThat(batch.events()).isNotEmpty().hasSize(batch.keys().size()).hasSizeLessThanOrEqualTo(MAX_EVENTS);
            assertThat(batch.keys()).allSatisfy(key -> assertThat(key).isNotBlank());
        }
    }
}
