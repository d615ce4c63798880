package io.careerstream.pipeline;

import io.careerstream.contracts.StageTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;

/** The transitions topic of a test, split into the stage and the track dimension. */
final class StageTransitions {

    private final TestOutputTopic<String, StageTransition> topic;
    private final Deque<StageTransition> stages = new ArrayDeque<>();
    private final Deque<StageTransition> tracks = new ArrayDeque<>();

    StageTransitions(TestOutputTopic<String, StageTransition> topic) {
        this.topic = topic;
    }

    private void drain() {
        for (StageTransition t : topic.readValuesToList()) {
            (t.getDimension().equals("TRACK") ? tracks : stages).add(t);
        }
    }

    /** The next stage transition. */
    StageTransition readValue() {
        drain();
        return stages.remove();
    }

    /** Every stage transition not read yet. */
    List<StageTransition> readValuesToList() {
        drain();
        List<StageTransition> all = new ArrayList<>(stages);
        stages.clear();
        return all;
    }

    boolean isEmpty() {
        drain();
        return stages.isEmpty();
    }

    /** Every track transition not read yet. */
    List<StageTransition> tracks() {
        drain();
        List<StageTransition> all = new ArrayList<>(tracks);
        tracks.clear();
        return all;
    }
}
