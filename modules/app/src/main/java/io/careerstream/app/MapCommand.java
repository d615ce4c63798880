package io.careerstream.app;

import io.careerstream.app.http.CustomerPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.domain.map.CareerExplanation;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.domain.map.CustomerFeature;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Validates a career map, and shows how it decides for a given customer. */
@Command(name = "map", mixinStandardHelpOptions = true, description = "Check a career map, or explain its decision for a customer.",
        subcommands = {MapCommand.Check.class, MapCommand.Explain.class})
public final class MapCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'map check FILE', 'map explain FILE --customer JSON' or 'map explain --customer ID'; "
                + "--help for options.");
    }

    static CareerMap load(Path file) {
        try {
            return CareerMapLoader.load(file);
        } catch (CareerMapException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Load and compile the map without starting anything; exit 1 with every problem listed if it is invalid.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Career map (YAML).")
        Path file;

        @Override
        public Integer call() {
            CareerMap map = load(file);
            if (map == null) {
                return 1;
            }
            System.out.printf("%s: valid, version %s: %d stages, %d tracks, %d do-not-contact conditions; reads %d features%s%n",
                    file, map.version(), map.stages().size(), map.tracks().size(), map.doNotContactRules().size(),
                    map.usedFeatures().size(), map.timeDependent() ? " (time-dependent: looked ahead by the timer index)" : "");
            return 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Show which rule fires for a customer and why: every stage, track and do-not-contact condition "
                    + "with its result and the feature values it read.",
                    "  map explain FILE --customer JSON       hand-written feature values (missing ones take 0, false "
                            + "or \"NONE\"; see docs/career-map.md)",
                    "  map explain --customer ID [--url URL]  a live customer, from a running instance (any instance: "
                            + "it asks the one that holds the customer)",
                    "  map explain FILE --customer ID         a live customer's features under another map"})
    static final class Explain implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Career map (YAML); for a live customer, "
                + "the running instance's map is used unless a FILE is given.")
        Path file;

        @Option(names = "--customer", required = true, paramLabel = "JSON|ID",
                description = "Feature values as a JSON object, e.g. '{\"purchaseDays\": 5, \"meanIntervalDays\": 21.5}', "
                        + "or the id of a live customer.")
        String customer;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "HTTP API of a running instance, for a live customer (default: ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--at", paramLabel = "INSTANT",
                description = "For a live customer: explain at this moment (ISO-8601, e.g. 1998-06-30T00:00:00Z) "
                        + "instead of the customer's latest evaluation.")
        String at;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "Bearer token of the instance (careerstream.http.token); default: the environment "
                        + "variable " + InstanceClient.TOKEN_VARIABLE + ".")
        String token;

        @Override
        public Integer call() throws Exception {
            CareerMap map = null;
            if (file != null) {
                map = load(file);
                if (map == null) {
                    return 1;
                }
            }
            CareerExplanation explanation;
            if (customer.strip().startsWith("{")) {
                if (map == null) {
                    System.err.println("map explain: give the map FILE to explain hand-written feature values");
                    return 2;
                }
                JsonNode json;
                try {
                    json = new ObjectMapper().readTree(customer);
                } catch (IOException e) {
                    System.err.println("--customer is not valid JSON: " + e.getMessage());
                    return 2;
                }
                Map<String, Object> features = features(json, "--customer");
                if (features == null) {
                    return 2;
                }
                explanation = CareerExplanation.of(map, features);
            } else {
                String request = InstanceClient.base(url) + "/customers/" + CustomerPaths.segment(customer)
                        + "/explain" + (at == null ? "" : "?at=" + URLEncoder.encode(at, StandardCharsets.UTF_8));
                JsonNode live;
                try {
                    live = new InstanceClient(token).get(request);
                } catch (InstanceClient.Failure e) {
                    System.err.println("map explain: " + e.getMessage());
                    return 1;
                }
                if (map == null) {
                    explanation = InstanceClient.JSON.treeToValue(live, CareerExplanation.class);
                } else {
                    Map<String, Object> features = features(live.path("features"), "the instance's answer");
                    if (features == null) {
                        return 1;
                    }
                    explanation = CareerExplanation.of(map, features);
                }
                System.out.println("Customer " + customer + (at == null ? " at its latest evaluation" : " at " + at)
                        + ", from " + InstanceClient.base(url) + (map == null ? "" : ", under " + file));
            }
            explanation.lines().forEach(System.out::println);
            return 0;
        }

        /** {"coffee": {"purchaseDays": 5, "meanIntervalDays": 7.5}, ...}; null unless every value is a number. */
        private static Map<String, Map<String, Double>> categories(JsonNode v) {
            if (!v.isObject()) {
                return null;
            }
            Map<String, Map<String, Double>> categories = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> category = it.next();
                Map<String, Double> fields = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> f = category.getValue().fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = f.next();
                    // NaN (mean interval below two days) travels as JSON's "NaN" string.
                    double value = field.getValue().isNumber() ? field.getValue().asDouble()
                            : "NaN".equals(field.getValue().asText()) ? Double.NaN : Double.MIN_VALUE;
                    if (value == Double.MIN_VALUE) {
                        return null;
                    }
                    fields.put(field.getKey(), value);
                }
                categories.put(category.getKey(), fields);
            }
            return categories;
        }

        /**
         * Every feature at its neutral value, overridden by the given ones, and {@code hasPurchased}
         * derived from {@code purchaseDays} unless given; null (after saying why) if one is wrong.
         */
        private static Map<String, Object> features(JsonNode json, String source) {
            if (json == null || !json.isObject()) {
                System.err.println(source + " must be a JSON object of feature values");
                return null;
            }
            Map<String, Object> features = new HashMap<>();
            for (CustomerFeature f : CustomerFeature.values()) {
                features.put(f.featureName(), f.neutralValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                CustomerFeature f = CustomerFeature.byName(e.getKey()).orElse(null);
                if (f == null) {
                    System.err.println("Unknown feature '" + e.getKey() + "' in " + source);
                    return null;
                }
                JsonNode v = e.getValue();
                Object value = switch (f.type().name()) {
                    case "int" -> v.canConvertToLong() ? (Object) v.asLong() : null;
                    case "double" -> v.isNumber() ? (Object) v.asDouble() : null;
                    case "bool" -> v.isBoolean() ? (Object) v.asBoolean() : null;
                    case "map" -> categories(v);
                    default -> v.isTextual() ? v.asText() : null;
                };
                if (value == null) {
                    System.err.println("Feature '" + f.featureName() + "' needs a " + f.type().name() + " value, got " + v);
                    return null;
                }
                features.put(f.featureName(), value);
            }
            // What follows from the given values, as the stream computes it: purchase days mean a purchase.
            if (!json.has("hasPurchased") && features.get("purchaseDays") instanceof Number days && days.longValue() > 0) {
                features.put("hasPurchased", true);
            }
            return features;
        }
    }
}
