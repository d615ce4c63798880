package io.careerstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every instance of a deployment: state, threads and tasks. Asks one instance's {@code /status},
 * learns the others from it ({@code application.server}), and asks each of them in turn, so what
 * is printed is each instance's own word, not one instance's belief about the rest.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each instance's state and its active and standby tasks, from their HTTP APIs.",
                "Exit code 1 if an instance cannot be reached or is not RUNNING."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "HTTP API of any instance (default: ${DEFAULT-VALUE}).")
    String url;

    @Override
    public Integer call() throws Exception {
        InstanceClient client = new InstanceClient(null);
        JsonNode first;
        try {
            first = client.get(InstanceClient.base(url) + "/status");
        } catch (InstanceClient.Failure e) {
            System.err.println("careerstream status: " + e.getMessage());
            return 1;
        }
        Set<String> addresses = new LinkedHashSet<>();
        first.path("instances").forEach(m -> addresses.add(m.path("applicationServer").asText()));
        System.out.printf("%-22s %-12s %-8s %-28s %s%n", "INSTANCE", "STATE", "THREADS", "ACTIVE TASKS", "STANDBY TASKS");
        boolean allRunning = true;
        if (addresses.isEmpty()) {
            allRunning = print(InstanceClient.base(url), first);
        } else {
            for (String address : addresses) {
                try {
                    // The other instances serve as the one asked does (one installation, one setting).
                    allRunning &= print(address, client.get(URI.create(url).getScheme() + "://" + address + "/status"));
                } catch (InstanceClient.Failure e) {
                    System.out.printf("%-22s %-12s %s%n", address, "UNREACHABLE", e.getMessage());
                    allRunning = false;
                }
            }
        }
        return allRunning ? 0 : 1;
    }

    private static boolean print(String address, JsonNode status) {
        List<String> active = new ArrayList<>();
        List<String> standby = new ArrayList<>();
        status.path("threads").forEach(t -> {
            t.path("activeTasks").forEach(task -> active.add(task.path("id").asText()));
            t.path("standbyTasks").forEach(task -> standby.add(task.path("id").asText()));
        });
        String state = status.path("failed").asBoolean() ? "FAILED" : status.path("state").asText();
        System.out.printf("%-22s %-12s %-8d %-28s %s%n", address, state, status.path("threads").size(),
                active.isEmpty() ? "-" : String.join(" ", active), standby.isEmpty() ? "-" : String.join(" ", standby));
        return "RUNNING".equals(state);
    }
}
