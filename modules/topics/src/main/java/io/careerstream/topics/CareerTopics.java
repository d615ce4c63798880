package io.careerstream.topics;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.contracts.RfmSketches;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Careerstream's topics with their contracts: keys are customer ids as UTF-8 strings (aliases
 * on the identity links and on aliased touchpoints; the dead-letter topic keeps the original bytes), values Avro in the Confluent wire format. Built
 * once from the topic names and the registry settings; every producer, consumer and topology of
 * the project takes its serdes from here.
 */
public record CareerTopics(Topics names,
                           Topic<String, TouchpointEvent> touchpoints,
                           Topic<String, StageTransition> transitions,
                           Topic<String, ChurnAlert> alerts,
                           Topic<String, CustomerProfile> profiles,
                           Topic<byte[], byte[]> deadLetters,
                           Topic<String, ModelParameters> modelParameters,
                           Topic<String, RfmSketches> rfmSketches,
                           Topic<String, IdentityLink> identityLinks,
                           Topic<String, TouchpointEvent> resolvedTouchpoints) {

    /**
     * @param serdeConfig registry client settings as Confluent's serdes take them
     *     ({@code schema.registry.url}, {@code auto.register.schemas}, …)
     */
    public static CareerTopics of(Topics names, Map<String, ?> serdeConfig) {
        return new CareerTopics(names,
                avro(names.touchpoints(), TouchpointEvent.class, serdeConfig),
                avro(names.transitions(), StageTransition.class, serdeConfig),
                avro(names.alerts(), ChurnAlert.class, serdeConfig),
                avro(names.profiles(), CustomerProfile.class, serdeConfig),
                new Topic<>(names.deadLetters(), Serdes.ByteArray(), Serdes.ByteArray(), byte[].class),
                avro(names.modelParameters(), ModelParameters.class, serdeConfig),
                avro(names.rfmSketches(), RfmSketches.class, serdeConfig),
                avro(names.identityLinks(), IdentityLink.class, serdeConfig),
                avro(names.resolvedTouchpoints(), TouchpointEvent.class, serdeConfig));
    }

    private static <V extends SpecificRecord> Topic<String, V> avro(String name, Class<V> type, Map<String, ?> serdeConfig) {
        return new Topic<>(name, Serdes.String(), SpecificAvroSerde.forValues(type, serdeConfig), type);
    }
}
