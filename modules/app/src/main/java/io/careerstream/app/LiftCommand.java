package io.careerstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.careerstream.app.http.LiftJson;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.domain.lift.LiftReport;
import io.careerstream.domain.lift.LiftTable;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lift the stream measured (docs/lift.md), from any instance's {@code /lift}: the installation's
 * sums per arm, reported by the same domain code the API uses.
 */
@Command(name = "lift", mixinStandardHelpOptions = true,
        description = {"Print each campaign variant's and each alert level and action's conversion and spend per "
                + "customer within the lift window, with 95 % intervals (Wilson; Student's t), and the difference "
                + "of each contacted arm to its hold-out (Newcombe; Welch), from a running instance's /lift.",
                "Exit code 1 if the instance cannot be reached."})
public final class LiftCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "HTTP API of any instance (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token, when /lift is behind it (default: the " + InstanceClient.TOKEN_VARIABLE
                    + " environment variable).")
    String token;

    @Override
    public Integer call() throws Exception {
        JsonNode body;
        try {
            body = new InstanceClient(token).get(InstanceClient.base(url) + "/lift");
        } catch (InstanceClient.Failure e) {
            System.err.println("careerstream lift: " + e.getMessage());
            return 1;
        }
        String currency = body.path("currency").asText("USD");
        var report = LiftReport.of(LiftJson.counts(body), ReportingCurrency.fractionDigits(currency));
        System.out.printf(Locale.ROOT, "Lift within %s days of the campaign touchpoint or alert (event time), %s%n%n",
                new java.math.BigDecimal(body.path("windowDays").asDouble()).stripTrailingZeros().toPlainString(), currency);
        if (report.isEmpty()) {
            System.out.println("No campaign touchpoint (DELIVERED or held out) and no alert with an action counted yet.");
            return 0;
        }
        System.out.print(LiftTable.render(report, currency));
        return 0;
    }
}
