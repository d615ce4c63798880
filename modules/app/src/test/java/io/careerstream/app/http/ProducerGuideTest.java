package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.app.ingest.RowRejected;
import io.careerstream.app.ingest.TouchpointChecks;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.topics.RejectionReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/producing.md says what the code does: its example touchpoints are what POST /touchpoints
 * takes and the pipeline's rules pass, and its table explains every dead-letter reason there is.
 */
class ProducerGuideTest {

    private static final Path GUIDE = Path.of("..", "..", "docs", "producing.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: TouchpointEvent -->\\n```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleTouchpointIsAcceptedAsItIsWritten() throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(GUIDE));
        List<TouchpointEvent> examples = new ArrayList<>();
        TouchpointChecks checks = new TouchpointChecks(900_000, ReportingCurrency.USD);
        while (m.find()) {
            TouchpointEvent event = TouchpointJson.read(new ObjectMapper().readTree(m.group(1)));
            String key = checks.check(event);
            assertThat(key).isIn(event.getCustomerId(), event.getAlias());
            examples.add(event);
        }
        assertThat(examples).hasSize(4);
    }

    @Test
    void everyDeadLetterReasonIsExplained() throws IOException {
        String guide = Files.readString(GUIDE);
        List<String> missing = Arrays.stream(RejectionReason.values()).map(Enum::name)
                .filter(reason -> !guide.contains("| `" + reason + "` |")).toList();
        assertThat(missing).as("dead-letter reasons without a row in the producer guide's table").isEmpty();
        assertThat(guide).contains("`" + RowRejected.MALFORMED_ROW + "`", "`" + RowRejected.UNPARSEABLE_VALUE + "`");
    }
}
