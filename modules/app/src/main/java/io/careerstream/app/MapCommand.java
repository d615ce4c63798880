package io.careerstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.domain.map.CustomerFeature;
import java.io.IOException;
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
        System.out.println("Use 'map check FILE' or 'map explain FILE --customer JSON'; --help for options.");
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
                    "Features not given take 0, false or \"NONE\"; see docs/career-map.md for the list."})
    static final class Explain implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Career map (YAML).")
        Path file;

        @Option(names = "--customer", required = true, paramLabel = "JSON",
                description = "Feature values, for example '{\"purchaseDays\": 5, \"meanIntervalDays\": 21.5}'.")
        String customer;

        @Override
        public Integer call() {
            CareerMap map = load(file);
            if (map == null) {
                return 1;
            }
            Map<String, Object> features = new HashMap<>();
            for (CustomerFeature f : CustomerFeature.values()) {
                features.put(f.featureName(), f.neutralValue());
            }
            try {
                JsonNode json = new ObjectMapper().readTree(customer);
                if (json == null || !json.isObject()) {
                    System.err.println("--customer must be a JSON object of feature values");
                    return 2;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    CustomerFeature f = CustomerFeature.byName(e.getKey()).orElse(null);
                    if (f == null) {
                        System.err.println("Unknown feature '" + e.getKey() + "' in --customer");
                        return 2;
                    }
                    JsonNode v = e.getValue();
                    Object value = switch (f.type().name()) {
                        case "int" -> v.canConvertToLong() ? (Object) v.asLong() : null;
                        case "double" -> v.isNumber() ? (Object) v.asDouble() : null;
                        case "bool" -> v.isBoolean() ? (Object) v.asBoolean() : null;
                        default -> v.isTextual() ? v.asText() : null;
                    };
                    if (value == null) {
                        System.err.println("Feature '" + f.featureName() + "' needs a " + f.type().name() + " value, got " + v);
                        return 2;
                    }
                    features.put(f.featureName(), value);
                }
            } catch (IOException e) {
                System.err.println("--customer is not valid JSON: " + e.getMessage());
                return 2;
            }
            CareerMap.Decision decision = map.evaluate(features);
            System.out.println("Stages (the first that holds wins):");
            for (CareerMap.Rule r : map.stages()) {
                String mark = r == decision.stage() ? "=> " : "   ";
                System.out.printf("%s%-14s %-5s %s   %s%n", mark, r.id(), CareerMap.holdsFor(r, features), r.condition(),
                        CareerMap.evidence(r.reads(), features));
            }
            System.out.println("Tracks:");
            for (CareerMap.Rule r : map.tracks()) {
                String mark = r == decision.track() ? "=> " : "   ";
                System.out.printf("%s%-14s %-5s %s   %s%n", mark, r.id(), CareerMap.holdsFor(r, features), r.condition(),
                        CareerMap.evidence(r.reads(), features));
            }
            System.out.println("Do not contact: " + (decision.doNotContact().isEmpty() ? "none" : decision.doNotContactReasons()));
            System.out.printf("Decision: stage %s, track %s, suggested action %s (map version %s)%n", decision.stage().id(),
                    decision.trackId(), decision.action(decision.stage()), map.version());
            return 0;
        }
    }
}
