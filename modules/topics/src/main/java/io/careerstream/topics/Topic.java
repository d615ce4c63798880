package io.careerstream.topics;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic with the serdes of its keys and values: what a producer, a consumer or a topology node
 * needs to use it, built once from configuration ({@link CareerTopics}).
 *
 * @param valueType the class of the values, so that a node forwarding several record types can
 *     hand each sink its own with a checked cast ({@link #valueSerializerFor})
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType) {

    public Serializer<K> keySerializer() {
        return keySerde.serializer();
    }

    public Serializer<V> valueSerializer() {
        return valueSerde.serializer();
    }

    public Deserializer<K> keyDeserializer() {
        return keySerde.deserializer();
    }

    public Deserializer<V> valueDeserializer() {
        return valueSerde.deserializer();
    }

    /**
     * A serializer for a supertype of the values, for a sink fed by a node that forwards several
     * record types: each value is checked to be this topic's type (a wrong one fails with a
     * {@link ClassCastException} naming both types), then serialized.
     */
    public <S> Serializer<S> valueSerializerFor(Class<S> supertype) {
        if (!supertype.isAssignableFrom(valueType)) {
            throw new IllegalArgumentException(valueType.getName() + " is not a " + supertype.getName());
        }
        Serializer<V> serializer = valueSerializer();
        return (topic, value) -> serializer.serialize(topic, valueType.cast(value));
    }
}
