package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command that talks to Kafka or a registry has one shape, and none runs on a registry it made up. */
class KafkaCommandsTest {

    /** The commands that use a cluster or a registry someone else runs. */
    private static final Set<String> KAFKA_COMMANDS = Set.of("careerstream run", "careerstream tick", "careerstream lag",
            "careerstream schemas check", "careerstream schemas register", "careerstream model fit", "careerstream erase",
            "careerstream reset", "careerstream topics create", "careerstream acls", "careerstream import");

    private static final String SAMPLE = "../../data/CDNOW_sample.txt";

    @Test
    void everyKafkaCommandHasTheSharedOptionsAndNoOtherCommandDeclaresItsOwn() {
        List<CommandSpec> all = new ArrayList<>();
        collect(CareerstreamCli.commandLine(Map::of).getCommandSpec(), all);
        Set<String> withSharedOptions = new TreeSet<>();
        Set<String> withRegistryOption = new TreeSet<>();
        for (CommandSpec spec : all) {
            boolean mixin = spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof KafkaOptions);
            if (mixin) {
                withSharedOptions.add(spec.qualifiedName());
                for (String name : List.of("--bootstrap-servers", "-b", "--schema-registry-url", "--config", "-c", "--set")) {
                    assertThat(spec.findOption(name)).as(spec.qualifiedName() + " " + name).isNotNull();
                }
            }
            if (spec.findOption("--schema-registry-url") != null || spec.findOption("--bootstrap-servers") != null) {
                withRegistryOption.add(spec.qualifiedName());
            }
        }
        assertThat(withSharedOptions).containsExactlyInAnyOrderElementsOf(KAFKA_COMMANDS);
        assertThat(withRegistryOption).containsExactlyInAnyOrderElementsOf(KAFKA_COMMANDS);
    }

    @Test
    void eachKafkaCommandAcceptsTheSharedOptionsOnItsCommandLine() {
        for (String command : KAFKA_COMMANDS) {
            for (List<String> shared : List.of(
                    List.of("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://registry:8081",
                            "--config", "x.properties", "--set", "a.b=c", "--set", "d.e=f"),
                    List.of("-b", "b:9092", "--schema-registry-url=http://registry:8081", "-c", "x.properties"))) {
                List<String> args = new ArrayList<>(List.of(command.substring("careerstream ".length()).split(" ")));
                args.addAll(shared);
                if (command.equals("careerstream erase")) {
                    args.addAll(List.of("--customer", "c1")); // its own required option
                }
                if (command.equals("careerstream topics create")) {
                    args.addAll(List.of("--partitions", "4")); // its own required option
                }
                if (command.equals("careerstream import")) {
                    args.add("orders.csv"); // its file
                }
                CommandLine.ParseResult leaf = CareerstreamCli.commandLine(Map::of).parseArgs(args.toArray(String[]::new));
                while (leaf.hasSubcommand()) {
                    leaf = leaf.subcommand();
                }
                assertThat(leaf.commandSpec().qualifiedName()).isEqualTo(command);
                assertThat(leaf.matchedOptionValue("--bootstrap-servers", "")).as(command).isEqualTo("b:9092");
                assertThat(leaf.matchedOptionValue("--schema-registry-url", "")).as(command).isEqualTo("http://registry:8081");
                assertThat(leaf.matchedOptionValue("--config", Path.of("none"))).as(command).isEqualTo(Path.of("x.properties"));
            }
        }
    }

    @Test
    void runRefusesToStartWithoutARegistryUrlNamingTheKey() {
        CliRun run = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .startsWith("careerstream run: schema.registry.url is not set").contains("--schema-registry-url");
        assertThat(run.out()).doesNotContain("careerstream running");
    }

    @Test
    void runRefusesAnInMemoryRegistryWhereverItComesFrom() {
        CliRun fromOption = CliRun.of("run", "-b", "127.0.0.1:1", "--schema-registry-url", "mock://careerstream");
        CliRun fromEnvironment = CliRun.withEnvironment(Map.of("CAREERSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "CAREERSTREAM_SCHEMA_REGISTRY_URL", "mock://careerstream"), "run");

        for (CliRun run : List.of(fromOption, fromEnvironment)) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err().lines()).hasSize(1).first().asString()
                    .contains("schema.registry.url", "mock://careerstream", "in-memory");
        }
    }

    @Test
    void anInvalidSettingFromTheEnvironmentStopsRunWithOneLineNamingTheKey() {
        CliRun run = CliRun.withEnvironment(Map.of("CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS", "SOMETIMES"),
                "run", "-b", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .isEqualTo("careerstream run: Invalid value SOMETIMES for configuration careerstream.on.data.loss: "
                        + "String must be one of: FAIL, CONTINUE");
    }

    @Test
    void publishingAFitNeedsARegistryServerAndIsRefusedBeforeFitting() {
        CliRun none = CliRun.of("model", "fit", "--input", SAMPLE, "--publish", "--bootstrap-servers", "127.0.0.1:1");
        CliRun inMemory = CliRun.of("model", "fit", "--input", SAMPLE, "--publish", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "mock://careerstream");
        CliRun fromTopic = CliRun.of("model", "fit", "--from-topic", "customer-profiles", "-b", "127.0.0.1:1");

        for (CliRun fit : List.of(none, inMemory, fromTopic)) {
            assertThat(fit.exit()).as(fit.err()).isEqualTo(2);
            assertThat(fit.err().lines()).hasSize(1).first().asString()
                    .startsWith("careerstream model fit: ").contains("schema.registry.url");
            assertThat(fit.out()).doesNotContain("log-likelihood");
        }
    }

    @Test
    void aFitOnAFileAloneNeedsNoClusterAndNoRegistry() {
        CliRun fit = CliRun.of("model", "fit", "--input", SAMPLE, "--as-of", "1997-09-30");
        assertThat(fit.exit()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("MBG/NBD, 2,357 customers");
    }

    @Test
    void tickNeedsBrokersButNoRegistry() {
        CliRun tick = CliRun.of("tick", "--at", "2001-01-01T00:00:00Z");

        assertThat(tick.exit()).isEqualTo(2);
        assertThat(tick.err().lines()).hasSize(1).first().asString()
                .startsWith("careerstream tick: bootstrap.servers is not set").doesNotContain("schema.registry.url");
    }

    @Test
    void schemasNeedARegistryServerButNoBrokers() {
        for (String sub : List.of("check", "register")) {
            CliRun schemas = CliRun.of("schemas", sub);
            assertThat(schemas.exit()).isEqualTo(2);
            assertThat(schemas.err().lines()).hasSize(1).first().asString()
                    .startsWith("careerstream schemas " + sub + ": schema.registry.url is not set");
        }
    }

    private static void collect(CommandSpec spec, List<CommandSpec> all) {
        all.add(spec);
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), all));
    }

}
