package io.careerstream.app;

import io.careerstream.pipeline.Topics;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.registry.SchemaRegistries;
import io.careerstream.pipeline.registry.SchemaRegistryClient;
import io.careerstream.pipeline.registry.SchemaRegistryException;
import io.careerstream.pipeline.serde.SubjectNameStrategy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Registers the contracts in schemas/ with a registry ahead of deployment, so the service can run
 * with {@code auto.register.schemas=false}; or only tests them for compatibility.
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
        @Option(names = "--registry-url", paramLabel = "URL", description = "Registry base URL (overrides --config).")
        String registryUrl;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Properties file with schema.registry.url, credentials and topic names.")
        Path configFile;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Extra setting, e.g. basic.auth.user.info=u:p.")
        Map<String, String> overrides = new HashMap<>();

        @Option(names = "--schemas", paramLabel = "DIR", description = "Schema folder (default: schemas/ of the installation).")
        Path schemasDir;

        abstract boolean register();

        @Override
        public Integer call() {
            Properties props = new Properties();
            if (configFile != null) {
                try (Reader in = Files.newBufferedReader(configFile)) {
                    props.load(in);
                } catch (IOException e) {
                    System.err.println("Cannot read config file " + configFile + ": " + e.getMessage());
                    return 2;
                }
            }
            props.putIfAbsent("bootstrap.servers", "unused:9092"); // not needed to talk to the registry
            props.putAll(overrides);
            if (registryUrl != null) {
                props.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, registryUrl);
            }
            if (!props.containsKey(CareerstreamConfig.SCHEMA_REGISTRY_URL)) {
                System.err.println("No registry: give --registry-url URL or schema.registry.url in --config");
                return 2;
            }
            CareerstreamConfig config;
            try {
                config = new CareerstreamConfig(props);
            } catch (ConfigException e) {
                System.err.println("Invalid configuration: " + e.getMessage());
                return 2;
            }
            Path dir = schemasDir != null ? schemasDir : Installation.path("schemas");
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            } catch (IOException e) {
                System.err.println("Cannot list schemas in " + dir + ": " + e.getMessage());
                return 2;
            }
            SchemaRegistryClient registry = SchemaRegistries.forConfig(config.serdeConfig());
            SubjectNameStrategy strategy = SubjectNameStrategy.parse(SubjectNameStrategy.VALUE_CONFIG,
                    config.serdeConfig().get(SubjectNameStrategy.VALUE_CONFIG));
            Topics topics = config.topics();
            int failures = 0;
            try {
                System.out.printf("Registry %s, compatibility %s%n", config.schemaRegistryUrl(), registry.compatibility(null));
                for (Path file : files) {
                    failures += handle(registry, strategy, topics, file) ? 0 : 1;
                }
            } catch (SchemaRegistryException e) {
                System.err.println("Registry error: " + e.getMessage());
                return 2;
            }
            System.out.printf("%d schema(s), %d failed%n", files.size(), failures);
            return failures == 0 ? 0 : 1;
        }

        private boolean handle(SchemaRegistryClient registry, SubjectNameStrategy strategy, Topics topics, Path file) {
            Schema schema;
            try {
                schema = new Schema.Parser().parse(file.toFile());
            } catch (IOException | SchemaParseException e) {
                System.out.printf("  %-40s INVALID: %s%n", file.getFileName(), e.getMessage());
                return false;
            }
            var topic = topics.topicForRecord(schema.getName());
            if (topic.isEmpty()) {
                System.out.printf("  %-40s SKIPPED: no topic carries record %s%n", file.getFileName(), schema.getFullName());
                return true;
            }
            String subject = strategy.subject(topic.get(), false, schema);
            if (!registry.isCompatible(subject, schema)) {
                System.out.printf("  %-40s INCOMPATIBLE with the latest version under %s%n", subject,
                        registry.compatibility(subject));
                return false;
            }
            if (!register()) {
                System.out.printf("  %-40s compatible%n", subject);
                return true;
            }
            int id = registry.register(subject, schema);
            System.out.printf("  %-40s compatible, registered: id %d, version %d%n", subject, id,
                    registry.latest(subject).version());
            return true;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Test every schema in schemas/ for compatibility with what the registry holds. Exit 1 if any is not.")
    static final class Check extends Base {
        @Override
        boolean register() {
            return false;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Check, then register every compatible schema in schemas/ under its topic's subject. Exit 1 if any is not.")
    static final class Register extends Base {
        @Override
        boolean register() {
            return true;
        }
    }
}
