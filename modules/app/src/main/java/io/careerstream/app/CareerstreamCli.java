package io.careerstream.app;

import io.careerstream.app.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./careerstream}. */
@Command(name = "careerstream", mixinStandardHelpOptions = true, version = "careerstream 0.1.0",
        description = "Real-time customer lifecycle segmentation on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, TickCommand.class, SchemasCommand.class, ModelCommand.class,
                MapCommand.class, BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class CareerstreamCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CareerstreamCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
