package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's log4j2.xml (tests themselves log with log4j2-test.xml). */
class LoggingConfigTest {

    @TempDir
    Path logs;

    @Test
    void eachCommandAppendsToItsOwnRollingFileAndLog4jLeavesShutdownToTheApplication() {
        withProductionConfig("tick", context -> {
            Configuration config = context.getConfiguration();
            assertThat(config.isShutdownHookEnabled()).isFalse();
            RollingFileAppender file = config.getAppender("file");
            assertThat(file).isNotNull();
            assertThat(Path.of(file.getFileName())).isEqualTo(logs.resolve("careerstream-tick.log"));
            assertThat(file.getFilePattern()).isEqualTo(logs.resolve("careerstream-tick.%i.log").toString());
            assertThat(file.getManager().isAppend()).isTrue();
            assertThat(file.getImmediateFlush()).isTrue();
            CompositeTriggeringPolicy policies = file.getTriggeringPolicy();
            assertThat(policies.getTriggeringPolicies()).singleElement()
                    .isInstanceOfSatisfying(SizeBasedTriggeringPolicy.class,
                            size -> assertThat(size.getMaxFileSize()).isEqualTo(10L * 1024 * 1024));
            assertThat(file.getManager().getRolloverStrategy()).isInstanceOfSatisfying(DefaultRolloverStrategy.class,
                    rollover -> assertThat(rollover.getMaxIndex()).isEqualTo(5));
        });
    }

    @Test
    void kafkasOffsetResetMessagesReachTheLog() throws ClassNotFoundException {
        List<String> loggers = List.of("org.apache.kafka.clients.consumer.internals.FetchCollector",
                "org.apache.kafka.clients.consumer.internals.SubscriptionState",
                "org.apache.kafka.streams.processor.internals.StreamThread");
        for (String name : loggers) {
            Class.forName(name); // the class that logs them still has this name in the Kafka we run
        }
        withProductionConfig("run", context -> {
            for (String name : loggers) {
                assertThat(context.getLogger(name).isEnabled(Level.INFO)).as(name).isTrue();
            }
            assertThat(context.getLogger("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator")
                    .isEnabled(Level.INFO)).as("the rest of Kafka stays at WARN").isFalse();
        });
    }

    @Test
    void aSecondRunOfACommandKeepsTheFirstRunsLines() throws IOException {
        withProductionConfig("run", context -> context.getLogger("io.careerstream.first").error("first run crashed"));
        withProductionConfig("run", context -> context.getLogger("io.careerstream.second").info("second run started"));
        withProductionConfig("tick", context -> context.getLogger("io.careerstream.tick").info("tick sent"));

        String run = Files.readString(logs.resolve("careerstream-run.log"), StandardCharsets.UTF_8);
        assertThat(run).contains("first run crashed", "second run started").doesNotContain("tick sent", "\0");
        assertThat(run.indexOf("first run crashed")).isLessThan(run.indexOf("second run started"));
        assertThat(run).containsPattern("ERROR " + ProcessHandle.current().pid() + " \\[");
        assertThat(Files.readString(logs.resolve("careerstream-tick.log"), StandardCharsets.UTF_8)).contains("tick sent");
    }

    @Test
    void theLogIsNamedAfterTheCommand() {
        java.util.Set<String> commands = CareerstreamCli.commandNames(java.util.Set.of());
        assertThat(CareerstreamCli.logName(commands, new String[] {"run", "--config", "x.properties"})).isEqualTo("run");
        assertThat(CareerstreamCli.logName(commands, new String[] {"schemas", "register"})).isEqualTo("schemas");
        assertThat(CareerstreamCli.logName(commands, new String[] {"tick", "-b", "h:9092"})).isEqualTo("tick");
        assertThat(CareerstreamCli.logName(commands, new String[] {"--help"})).isEqualTo("cli");
        assertThat(CareerstreamCli.logName(commands, new String[] {"help", "run"})).isEqualTo("cli");
        assertThat(CareerstreamCli.logName(commands, new String[] {"../../etc/passwd"})).isEqualTo("cli");
        assertThat(CareerstreamCli.logName(commands, new String[0])).isEqualTo("cli");
    }

    @Test
    void theCommandNamesReadFromTheAnnotationsAreTheCommandLinesOwn() {
        java.util.Set<String> built = new java.util.HashSet<>(CareerstreamCli.commandLine(java.util.Map::of)
                .getSubcommands().keySet());
        built.remove("help");
        assertThat(CareerstreamCli.commandNames(java.util.Set.of())).isEqualTo(built);
    }

    /** Runs {@code body} with a fresh logger context configured from the application's log4j2.xml, then stops it. */
    private void withProductionConfig(String command, Consumer<LoggerContext> body) {
        String previousDir = System.setProperty("careerstream.log.dir", logs.toString());
        String previousCommand = System.setProperty(CareerstreamCli.COMMAND_PROPERTY, command);
        LoggerContext context = new LoggerContext("production-config-" + command);
        try {
            ConfigurationSource source = ConfigurationSource.fromResource("log4j2.xml", getClass().getClassLoader());
            assertThat(source).as("log4j2.xml on the class path").isNotNull();
            context.start(new XmlConfiguration(context, source));
            body.accept(context);
        } finally {
            context.stop();
            restore("careerstream.log.dir", previousDir);
            restore(CareerstreamCli.COMMAND_PROPERTY, previousCommand);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
