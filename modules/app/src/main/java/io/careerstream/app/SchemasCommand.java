package io.careerstream.app;

import io.careerstream.topics.Topics;
import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.serde.SerdeSettings;
import io.careerstream.registry.CompatibilityLevel;
import io.careerstream.registry.SchemaNormalizer;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryClient;
import io.careerstream.registry.SchemaRegistryException;
import io.careerstream.serde.SubjectNameStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Registers the contracts in schemas/ with a registry ahead of deployment, so the service can run
 * with {@code auto.register.schemas=false}; or only tests them for compatibility. Both send the
 * schemas in {@link SchemaNormalizer}'s form, the one the serde registers and looks up.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Check or register the Avro contracts in schemas/ with a schema registry.",
        subcommands = {SchemasCommand.Check.class, SchemasCommand.Register.class})
public final class SchemasCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'schemas check' or 'schemas register'; --help for options.");
    }

    /** Options shared by both subcommands. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--schemas", paramLabel = "DIR", description = "Schema folder (default: schemas/ of the installation).")
        Path schemasDir;

        abstract boolean register();

        @Override
        public Integer call() {
            // The registry and the topic names, no cluster; a ConfigException names the key (exit 2).
            SerdeSettings serde = kafka.serdeSettings();
            Topics topics = new TopicSettings(kafka.settings()).topics();
            Path dir = schemasDir != null ? schemasDir : Installation.path("schemas");
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            } catch (IOException e) {
                System.err.println("Cannot list schemas in " + dir + ": " + e.getMessage());
                return 2;
            }
            SchemaRegistryClient registry = SchemaRegistries.forConfig(serde.serdeConfig());
            SubjectNameStrategy strategy = SubjectNameStrategy.parse(SubjectNameStrategy.VALUE_CONFIG,
                    serde.serdeConfig().get(SubjectNameStrategy.VALUE_CONFIG));
            Tally tally = new Tally();
            try {
                System.out.printf("Registry %s, global compatibility %s%n", serde.registryUrl(),
                        registry.compatibility(null));
                for (Path file : files) {
                    handle(registry, strategy, topics, file, tally);
                }
            } catch (SchemaRegistryException e) {
                System.err.println("Registry error: " + e.getMessage());
                return 2;
            }
            System.out.printf("%d schema(s), %d failed%s%n", files.size(), tally.failures,
                    tally.warnings == 0 ? "" : ", " + tally.warnings + " warning(s)");
            if (tally.warnings > 0) {
                System.err.printf("WARNING: %d subject(s) were not really checked for compatibility (see above); "
                        + "'schemas register' sets them to " + LEVEL + "%n", tally.warnings);
            }
            return tally.failures == 0 ? 0 : 1;
        }

        private void handle(SchemaRegistryClient registry, SubjectNameStrategy strategy, Topics topics, Path file,
                            Tally tally) {
            Schema contract;
            try {
                contract = new Schema.Parser().parse(file.toFile());
            } catch (IOException | SchemaParseException e) {
                System.out.printf("  %-40s INVALID: %s%n", file.getFileName(), e.getMessage());
                tally.failures++;
                return;
            }
            List<String> carriers = topics.topicsForRecord(contract.getName());
            if (carriers.isEmpty()) {
                System.out.printf("  %-40s SKIPPED: no topic carries record %s%n", file.getFileName(), contract.getFullName());
                return;
            }
            for (String topic : carriers) {
                handleSubject(registry, strategy, topic, contract, file, tally);
            }
        }

        private void handleSubject(SchemaRegistryClient registry, SubjectNameStrategy strategy, String topic,
                                   Schema contract, Path file, Tally tally) {
            // What the serde registers and looks up: the generated class's schema without Java-only
            // properties. The file is the reviewed contract, so the two must be the same.
            Schema schema = SchemaNormalizer.normalize(contract);
            Optional<Schema> built = builtSchema(contract);
            String subject = strategy.subject(topic, false, schema);
            if (built.isPresent() && !built.get().toString().equals(schema.toString())) {
                if (register()) {
                    System.out.printf("  %-40s DIFFERS from the schema built into this application (class %s): "
                            + "not registered; register from the build made from %s%n", subject,
                            contract.getFullName(), file.getParent());
                    tally.failures++;
                    return;
                }
                System.out.printf("  %-40s note: %s differs from the built class %s; checking the file%n", subject,
                        file.getFileName(), contract.getFullName());
            } else if (built.isPresent()) {
                schema = built.get();
            }
            String level = register() ? requireFullTransitive(registry, subject) : null;
            if (!registry.isCompatible(subject, schema)) {
                System.out.printf("  %-40s INCOMPATIBLE with the latest version under %s%n", subject,
                        registry.compatibility(subject));
                tally.failures++;
                return;
            }
            if (!register()) {
                CompatibilityLevel effective = registry.compatibility(subject);
                String warning = weaknessOf(effective);
                if (warning == null) {
                    System.out.printf("  %-40s compatible (%s)%n", subject, effective);
                } else {
                    System.out.printf("  %-40s compatible, but WARNING: %s%n", subject, warning);
                    tally.warnings++;
                }
                return;
            }
            int id = registry.register(subject, schema);
            System.out.printf("  %-40s compatible, registered: id %d, version %d; compatibility %s%n", subject, id,
                    registry.latest(subject).version(), level);
        }
    }

    private static final class Tally {
        int failures;
        int warnings;
    }

    /**
     * The level every subject of ours is registered under: FULL_TRANSITIVE, the rule the contracts
     * are released by (every version reads and is read by every other; schemas/released/), because
     * producers and consumers of our topics upgrade in either order.
     */
    static final CompatibilityLevel LEVEL = CompatibilityLevel.FULL_TRANSITIVE;

    /**
     * Makes {@code subject} FULL_TRANSITIVE (per subject, so a global change does not loosen it);
     * before the compatibility test, so that the test means something. Registries differ in their
     * defaults (Apicurio: NONE). Returns what to print.
     */
    static String requireFullTransitive(SchemaRegistryClient registry, String subject) {
        CompatibilityLevel before = registry.compatibility(subject);
        if (before == LEVEL) {
            return before + " (kept)";
        }
        registry.setCompatibility(subject, LEVEL);
        return LEVEL + " (set, was " + before + ")";
    }

    /** Why a subject on {@code level} was not really checked, or null when it was. */
    static String weaknessOf(CompatibilityLevel level) {
        return switch (level) {
            case NONE -> "compatibility NONE: the registry accepts any schema here, so compatibility was not checked";
            case FORWARD, FORWARD_TRANSITIVE -> "compatibility " + level + " only: the registry does not check that "
                    + "this schema reads data written with the earlier versions (BACKWARD)";
            case BACKWARD, BACKWARD_TRANSITIVE -> "compatibility " + level + " only: the registry does not check that "
                    + "consumers on earlier versions read data written with this schema (FORWARD)";
            default -> null;
        };
    }

    /** The schema compiled into the generated class for {@code contract}'s record, normalized, if there is one. */
    private static Optional<Schema> builtSchema(Schema contract) {
        Class<?> generated = SpecificData.get().getClass(contract);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            return Optional.empty();
        }
        return Optional.of(SchemaNormalizer.normalize(SpecificData.get().getSchema(generated)));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Test every schema in schemas/ for compatibility with what the registry holds. Exit 1 if any is not.",
                    "Warns when a subject's compatibility level (its own or the global one) is weaker than FULL (NONE, or BACKWARD "
                            + "or FORWARD only): then 'compatible' does not mean that every version reads what every other writes."})
    static final class Check extends Base {
        @Override
        boolean register() {
            return false;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Set each subject's compatibility to FULL_TRANSITIVE (the rule our contracts are released by), "
                    + "check, then register every compatible schema in schemas/ under its topic's subject. Exit 1 if any is not.",
                    "What is registered is the schema built into this application, without Java-only properties such as "
                            + "avro.java.string: exactly what the service looks up with auto.register.schemas=false. "
                            + "A schema file that differs from it is refused."})
    static final class Register extends Base {
        @Override
        boolean register() {
            return true;
        }
    }
}
