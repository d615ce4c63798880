package io.careerstream.app;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the production distribution: the commands that run and operate Careerstream on
 * a real cluster. The local module adds the commands that bring their own broker.
 */
@Command(name = "careerstream", mixinStandardHelpOptions = true, versionProvider = CareerstreamCli.Version.class,
        description = "Real-time customer lifecycle segmentation on Kafka Streams.",
        subcommands = {RunCommand.class, TickCommand.class, ImportCommand.class, EraseCommand.class, LagCommand.class, SchemasCommand.class, ModelCommand.class,
                MapCommand.class, StatusCommand.class, LiftCommand.class, ResetCommand.class, TopicsCommand.class, AclsCommand.class})
public final class CareerstreamCli implements Runnable {

    /** System property naming the command, read by log4j2.xml: the log goes to logs/careerstream-COMMAND.log. */
    public static final String COMMAND_PROPERTY = "careerstream.command";
    /** The log name of invocations without a command of their own (--help, --version, help). */
    static final String NO_COMMAND = "cli";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        main(args, Set.of(), CareerstreamCli::commandLine);
    }

    /**
     * Runs {@code args} on the command line {@code cli} builds, logging to the command's own file, and
     * exits. {@code moreCommands}: the names of the commands {@code cli} adds to the production ones.
     */
    public static void main(String[] args, Set<String> moreCommands, Function<Supplier<Map<String, String>>, CommandLine> cli) {
        // Before anything logs, and before the commands are built (their classes' loggers would make
        // Log4j configure itself): Log4j reads the property once, when it configures itself.
        String command = logName(commandNames(moreCommands), args);
        System.setProperty(COMMAND_PROPERTY, command);
        CommandLine commandLine = cli.apply(System::getenv);
        if (!command.equals(NO_COMMAND)) {
            LoggerFactory.getLogger(CareerstreamCli.class).info("careerstream {} starting (pid {})", command,
                    ProcessHandle.current().pid());
        }
        int exit = commandLine.execute(args);
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
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        return cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ConfigException) {
                System.err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /** The command {@code args} run (its log's name) if it is one of {@code commands}, or {@value #NO_COMMAND}. */
    static String logName(Set<String> commands, String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .filter(commands::contains).orElse(NO_COMMAND);
    }

    /**
     * The production commands' names, read from the annotations (no command class is loaded), and
     * {@code more}.
     */
    static Set<String> commandNames(Set<String> more) {
        Set<String> names = Arrays.stream(CareerstreamCli.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name()).collect(Collectors.toCollection(HashSet::new));
        names.addAll(more);
        return names;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version, from the build (the jar's manifest). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CareerstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"careerstream " + (version == null ? "(development build)" : version)};
        }
    }
}
