package io.careerstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileByPartTest {

    @Test
    void aStoreCallMadeByTheCountersIsTheCountersCostWhateverLayersItPasses() {
        assertThat(ProfileByPart.partOf(List.of(
                "org.apache.kafka.streams.state.internals.ThreadCache.get",
                "org.apache.kafka.streams.state.internals.MeteredKeyValueStore.get",
                "io.careerstream.benchmark.CountingStores$CountingStore.get",
                "io.careerstream.pipeline.career.PAliveDistribution.add",
                "io.careerstream.pipeline.career.CustomerCareerProcessor.publish")))
                .isEqualTo("console counters (stages, tracks, P(alive) tenths)");
    }

    @Test
    void theStateCodecIsCountedApartFromTheDomainModuleItLivesIn() {
        assertThat(ProfileByPart.partOf(List.of("io.careerstream.domain.CustomerStateCodec.readVarlong",
                "io.careerstream.domain.CustomerStateCodec.decode", "io.careerstream.pipeline.rfm.RfmSketchPublisher.publish")))
                .isEqualTo("customer-state codec");
        assertThat(ProfileByPart.partOf(List.of("java.util.HashMap.getNode",
                "io.careerstream.domain.map.CustomerFeature.byName", "io.careerstream.domain.CareerEvaluator.evaluate")))
                .isEqualTo("domain (career map, features, churn maths)");
    }

    @Test
    void aSampleInNoFrameOfOursBelongsToTheFrameworkPartItIsIn() {
        assertThat(ProfileByPart.partOf(List.of("java.lang.String.format",
                "org.apache.kafka.streams.processor.internals.PartitionGroup.readyToProcess",
                "org.apache.kafka.streams.processor.internals.StreamTask.isProcessable")))
                .isEqualTo("Kafka Streams: choosing the next record");
        assertThat(ProfileByPart.partOf(List.of("java.lang.Thread.run"))).isEqualTo("other (JDK, the threads' loops)");
    }

    @Test
    void onlyTheBenchmarksStreamThreadsAreReadAndTheirContenderIsNamed() {
        assertThat(ProfileByPart.contenderOf("bench-pipeline-exactly_once-0-6f1c2d3e-aaaa-bbbb-cccc-0123456789ab-StreamThread-2"))
                .isEqualTo("pipeline, exactly-once");
        assertThat(ProfileByPart.contenderOf("bench-floor-at_least_once-1-6f1c2d3e-aaaa-bbbb-cccc-0123456789ab-StreamThread-1"))
                .isEqualTo("floor, at-least-once");
        assertThat(ProfileByPart.contenderOf("bench-pipeline-exactly_once-0-6f1c2d3e-StreamThread-1-producer")).isNull();
        assertThat(ProfileByPart.contenderOf("kafka-log-cleaner-thread-0")).isNull();
        assertThat(ProfileByPart.contenderOf(null)).isNull();
    }
}
