package io.careerstream.local;

import io.careerstream.app.CareerstreamCli;
import io.careerstream.local.demo.DemoCommand;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of {@code ./careerstream} on a developer's machine: every production command, and
 * the ones that bring their own broker (demo, broker, benchmark). The production distribution
 * ({@link CareerstreamCli}) does not depend on this module, so it carries none of them.
 */
public final class LocalCli {

    private LocalCli() {
    }

    /** The commands this command line adds to the production ones. */
    static final Set<String> LOCAL_COMMANDS = Set.of("demo", "broker", "benchmark");

    public static void main(String[] args) {
        CareerstreamCli.main(args, LOCAL_COMMANDS, LocalCli::commandLine);
    }

    /** The production command line with the local commands added. */
    public static CommandLine commandLine(Supplier<Map<String, String>> environment) {
        CommandLine cli = CareerstreamCli.commandLine(environment);
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new BrokerCommand());
        cli.addSubcommand(new BenchmarkCommand());
        // help last, as in the production list
        cli.getCommandSpec().removeSubcommand("help");
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        return cli;
    }
}
