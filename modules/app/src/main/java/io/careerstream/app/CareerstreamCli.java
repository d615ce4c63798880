package io.careerstream.app;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./careerstream}. */
@Command(name = "careerstream", mixinStandardHelpOptions = true, version = "careerstream 0.1.0",
        description = "Real-time customer lifecycle segmentation on Kafka Streams.",
        subcommands = {RunCommand.class, TickCommand.class, EraseCommand.class, LagCommand.class, SchemasCommand.class, ModelCommand.class,
                MapCommand.class, StatusCommand.class})
public final class CareerstreamCli implements Runnable {

    /** System property naming the command, read by log4j2.xml: the log goes to logs/careerstream-COMMAND.log. */
    public static final String COMMAND_PROPERTY = "careerstream.command";
    /** The log name of invocations without a command of their own (--help, --version, help). */
    static final String NO_COMMAND = "cli";
    /**
     * Commands that run Careerstream on an embedded broker (modules/sandbox). The production
     * distribution (target/run) leaves the broker out, so they are added only when it is there;
     * they are loaded by name so that the other commands never touch a broker class.
     */
    static final Map<String, String> LOCAL_COMMANDS = new java.util.LinkedHashMap<>();

    static {
        LOCAL_COMMANDS.put("demo", "io.careerstream.app.demo.DemoCommand");
        LOCAL_COMMANDS.put("broker", "io.careerstream.app.BrokerCommand");
        LOCAL_COMMANDS.put("benchmark", "io.careerstream.app.BenchmarkCommand");
    }

    private static final String SANDBOX_CLASS = "io.careerstream.sandbox.LocalCareerstream";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Before anything logs: Log4j reads the property once, when it configures itself.
        String command = logName(args);
        System.setProperty(COMMAND_PROPERTY, command);
        if (!command.equals(NO_COMMAND)) {
            LoggerFactory.getLogger(CareerstreamCli.class).info("careerstream {} starting (pid {})", command,
                    ProcessHandle.current().pid());
        }
        int exit = commandLine(System::getenv).execute(args);
        if (!command.equals(NO_COMMAND)) {
            LoggerFactory.getLogger(CareerstreamCli.class).info("careerstream {} finished, exit code {}", command, exit);
        }
        System.exit(exit);
    }

    /**
     * The command line, with {@code environment} as the environment its {@link KafkaOptions} read.
     * A {@link ConfigException} from a command (a setting missing or invalid, the --config file
     * unreadable) is printed as one line naming the key, and the exit status is 2.
     */
    public static CommandLine commandLine(Supplier<Map<String, String>> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == KafkaOptions.class ? type.cast(new KafkaOptions(environment)) : defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new CareerstreamCli(), factory);
        if (sandboxPresent()) {
            for (Map.Entry<String, String> local : LOCAL_COMMANDS.entrySet()) {
                try {
                    cli.addSubcommand(local.getKey(), Class.forName(local.getValue()).getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot load the " + local.getKey() + " command: " + e, e);
                }
            }
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        return cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ConfigException) {
                System.err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /** The command {@code args} run (its log's name), or {@value #NO_COMMAND}. */
    static String logName(String[] args) {
        Set<String> commands = Arrays.stream(CareerstreamCli.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name())
                .collect(Collectors.toCollection(java.util.HashSet::new));
        commands.addAll(LOCAL_COMMANDS.keySet());
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .filter(commands::contains).orElse(NO_COMMAND);
    }

    /** Whether the embedded broker and the sandbox are on the class path (not in the production distribution). */
    static boolean sandboxPresent() {
        try {
            Class.forName(SANDBOX_CLASS, false, CareerstreamCli.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
