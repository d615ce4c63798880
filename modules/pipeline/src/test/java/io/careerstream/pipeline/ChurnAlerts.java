package io.careerstream.pipeline;

import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;

/**
 * The churn-alerts topic of a test, with the alerts that open apart from the records that end
 * them: most tests are about when alerts open.
 */
final class ChurnAlerts {

    private final TestOutputTopic<String, ChurnAlert> topic;
    private final Deque<ChurnAlert> opened = new ArrayDeque<>();
    private final Deque<ChurnAlert> ended = new ArrayDeque<>();

    ChurnAlerts(TestOutputTopic<String, ChurnAlert> topic) {
        this.topic = topic;
    }

    private void drain() {
        for (ChurnAlert a : topic.readValuesToList()) {
            (a.getStatus() == AlertStatus.OPENED ? opened : ended).add(a);
        }
    }

    /** The next alert that opened. */
    ChurnAlert readValue() {
        drain();
        return opened.remove();
    }

    /** Every alert that opened, not read yet. */
    List<ChurnAlert> readValuesToList() {
        drain();
        List<ChurnAlert> all = new ArrayList<>(opened);
        opened.clear();
        return all;
    }

    boolean isEmpty() {
        drain();
        return opened.isEmpty();
    }

    /** Every record that ended an alert, not read yet. */
    List<ChurnAlert> ends() {
        drain();
        List<ChurnAlert> all = new ArrayList<>(ended);
        ended.clear();
        return all;
    }
}
