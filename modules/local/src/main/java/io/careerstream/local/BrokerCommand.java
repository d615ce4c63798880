package io.careerstream.local;

import io.careerstream.app.Installation;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A Kafka broker for trying Careerstream for real on one machine, without Docker. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Start a single-node Kafka broker (KRaft, broker and controller in one process, from the same "
                + "jars the tests use) on 127.0.0.1 until Ctrl-C or SIGTERM. Its data stays in --data-dir, so a "
                + "restart finds its topics and records again.",
                "",
                "For local use only: one replica, no authentication, listening on loopback."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its data (default: .careerstream/kafka in the installation).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Installation.path(".careerstream", "kafka");
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.builder().port(port).logDir(dir, false).start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("careerstream broker: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "careerstream-broker-shutdown"));
        System.out.println("Kafka broker (KRaft, single node) on " + broker.bootstrapServers() + ", data in " + dir
                + "; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
