package io.careerstream.app.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careerstream.app.http.OtherInstances;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.career.PAliveDistribution;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.metrics.InputLag;
import io.careerstream.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The console's operations view ({@link #PATH}): each instance with its stream threads and tasks
 * (active, standby), lag per input partition in records and event-time seconds (as {@link InputLag}
 * measures it: a partition is reported by the instance that owns it), throughput (Kafka Streams'
 * own process rate of every stream thread), event-to-output latency ({@code careerstream.event.to.output}),
 * dead letters by reason, the churn model in force and the customers per P(alive) tenth
 * ({@link PAliveDistribution}). Every figure comes from metrics and small stores, never from the
 * customers; the instances' shares are summed ({@link #sum}).
 */
public final class ConsoleOps {

    public static final String PATH = "/console/ops";

    private ConsoleOps() {
    }

    /** This instance's share; {@code status} is what {@code /status} answers here. */
    public static ObjectNode local(CareerPipeline pipeline, Object status) {
        MeterRegistry registry = pipeline.metrics().registry();
        KafkaStreams streams = pipeline.streams();
        ObjectNode body = OtherInstances.JSON.createObjectNode();
        body.putArray("instances").add(OtherInstances.JSON.valueToTree(status));
        ArrayNode lag = body.putArray("lag");
        for (Gauge records : registry.find(InputLag.RECORDS).gauges()) {
            String topic = records.getId().getTag("topic");
            String partition = records.getId().getTag("partition");
            Gauge seconds = registry.find(InputLag.SECONDS).tags("topic", topic, "partition", partition).gauge();
            ObjectNode p = lag.addObject();
            p.put("topic", topic);
            p.put("partition", Integer.parseInt(partition));
            p.put("records", finite(records.value()));
            p.put("seconds", seconds == null ? null : finite(seconds.value()));
        }
        double rate = 0;
        for (var metric : streams.metrics().entrySet()) {
            if ("process-rate".equals(metric.getKey().name()) && "stream-thread-metrics".equals(metric.getKey().group())
                    && metric.getValue().metricValue() instanceof Double d && Double.isFinite(d)) {
                rate += d;
            }
        }
        body.put("recordsPerSecond", rate);
        Timer latency = registry.find(CareerMetrics.EVENT_TO_OUTPUT).timer();
        ObjectNode l = body.putObject("latency");
        if (latency != null) {
            var snapshot = latency.takeSnapshot();
            l.put("count", snapshot.count());
            l.put("totalMs", snapshot.total(TimeUnit.MILLISECONDS));
            l.put("maxMs", snapshot.max(TimeUnit.MILLISECONDS));
            ObjectNode buckets = l.putObject("buckets"); // upper bound (ms) -> events at or below it
            for (CountAtBucket b : snapshot.histogramCounts()) {
                buckets.put(Long.toString((long) b.bucket(TimeUnit.MILLISECONDS)), (long) b.count());
            }
        }
        ObjectNode dead = body.putObject("deadLetters");
        for (Counter c : registry.find(CareerMetrics.DEAD_LETTERS).counters()) {
            dead.put(c.getId().getTag("reason"), (long) c.count());
        }
        body.set("model", model(pipeline));
        ReadOnlyKeyValueStore<String, Long> counts = streams.store(StoreQueryParameters.fromNameAndType(
                CareerTopology.CAREER_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
        ObjectNode alive = body.putObject("pAlive");
        new TreeMap<>(PAliveDistribution.read(counts)).forEach(alive::put);
        return body;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The parameters published on the model-parameters topic (the global store), else those configured. */
    private static JsonNode model(CareerPipeline pipeline) {
        ObjectNode m = OtherInstances.JSON.createObjectNode();
        ReadOnlyKeyValueStore<String, byte[]> published = pipeline.streams().store(StoreQueryParameters.fromNameAndType(
                CareerTopology.MODEL_PARAMETERS_STORE, QueryableStoreTypes.keyValueStore()));
        byte[] bytes = published.get(Topics.DEFAULT_PARAMETERS_KEY);
        if (bytes != null) {
            var topic = pipeline.config().careerTopics().modelParameters();
            ModelParameters p = (ModelParameters) topic.valueDeserializer().deserialize(topic.name(), bytes);
            m.put("source", "published on " + topic.name());
            m.put("model", p.getModel());
            m.put("publishedAt", p.getFittedAt() == null ? null : p.getFittedAt().toString());
            m.put("customers", p.getCustomers());
            ObjectNode parameters = m.putObject("parameters");
            parameters.put("r", p.getR()).put("alpha", p.getAlpha()).put("a", p.getA()).put("b", p.getB())
                    .put("p", p.getP()).put("q", p.getQ()).put("gamma", p.getGamma()).put("k", p.getK());
        } else {
            ChurnModelParameters c = pipeline.config().churn().modelParameters();
            m.put("source", "configured (careerstream.churn.*): nothing published yet");
            m.put("model", c.isMixture() ? "mixture" : "configured");
            m.putNull("publishedAt");
            ObjectNode parameters = m.putObject("parameters");
            parameters.put("r", c.r()).put("alpha", c.alpha()).put("a", c.a()).put("b", c.b())
                    .put("p", c.p()).put("q", c.q()).put("gamma", c.gamma()).put("k", c.k());
        }
        return m;
    }

    /** The installation: instances and lag listed, rates, dead letters and the distribution added, latency merged. */
    public static ObjectNode sum(ObjectNode mine, List<JsonNode> others) {
        List<JsonNode> all = new ArrayList<>();
        all.add(mine);
        all.addAll(others);
        ObjectNode body = OtherInstances.JSON.createObjectNode();
        ArrayNode instances = body.putArray("instances");
        List<JsonNode> lag = new ArrayList<>();
        double rate = 0;
        long count = 0;
        double total = 0;
        double max = 0;
        Map<Long, Long> buckets = new TreeMap<>();
        Map<String, Long> dead = new TreeMap<>();
        Map<String, Long> alive = new TreeMap<>();
        for (JsonNode share : all) {
            share.path("instances").forEach(instances::add);
            share.path("lag").forEach(lag::add);
            rate += share.path("recordsPerSecond").asDouble();
            JsonNode l = share.path("latency");
            count += l.path("count").asLong();
            total += l.path("totalMs").asDouble();
            max = Math.max(max, l.path("maxMs").asDouble());
            l.path("buckets").fields().forEachRemaining(e -> buckets.merge(Long.parseLong(e.getKey()), e.getValue().asLong(), Long::sum));
            share.path("deadLetters").fields().forEachRemaining(e -> dead.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            share.path("pAlive").fields().forEachRemaining(e -> alive.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        lag.sort(Comparator.comparing((JsonNode n) -> n.path("topic").asText()).thenComparingInt(n -> n.path("partition").asInt()));
        body.putArray("lag").addAll(lag);
        body.put("recordsPerSecond", rate);
        ObjectNode latency = body.putObject("latency");
        latency.put("count", count);
        // A replayed history's ages (decades) can overflow a timer's total: no mean then, rather than a wrong one.
        latency.put("meanMs", count == 0 || total < 0 ? null : total / count);
        latency.put("maxMs", max);
        latency.put("p50AtMostMs", quantile(buckets, count, 0.5));
        latency.put("p99AtMostMs", quantile(buckets, count, 0.99));
        ObjectNode d = body.putObject("deadLetters");
        dead.forEach(d::put);
        body.set("model", mine.path("model"));
        ObjectNode a = body.putObject("pAlive");
        alive.forEach(a::put);
        body.put("at", Instant.now().toString());
        return body;
    }

    /** The smallest bucket bound holding the quantile; null past the last bound or without events. */
    static Long quantile(Map<Long, Long> cumulative, long count, double q) {
        if (count == 0) {
            return null;
        }
        for (Map.Entry<Long, Long> b : cumulative.entrySet()) {
            if (b.getValue() >= q * count) {
                return b.getKey();
            }
        }
        return null;
    }
}
