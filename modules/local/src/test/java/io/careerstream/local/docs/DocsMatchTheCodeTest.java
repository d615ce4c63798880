package io.careerstream.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.CareerstreamCli;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.local.LocalCli;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.topics.TickProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the documents say about the command line and the settings is what the code does: every
 * {@code ./careerstream} command and option quoted in README.md, docs/ and deploy/ exists, every
 * setting a table names is defined, and the README's configuration table names every setting.
 * (Every metric name the documents and deploy files use is checked against a real scrape in the
 * app module's CareerstreamApiIT.)
 */
class DocsMatchTheCodeTest {

    private static final Path ROOT = Path.of("..", "..");

    /** Names in the shape of a setting that are not settings: record headers and system properties. */
    private static final Set<String> NOT_SETTINGS = Set.of(TickProtocol.TICK_HEADER, TouchpointTimestampExtractor.FUTURE_TICK_HEADER,
            DeadLetters.REASON_HEADER, CareerstreamCli.COMMAND_PROPERTY, "careerstream.home", "careerstream.log.dir");

    @Test
    void everyQuotedCommandAndOptionExists() throws IOException {
        DocumentedCommands commands = new DocumentedCommands(LocalCli.commandLine(Map::of));
        List<String> problems = new ArrayList<>();
        for (Path doc : documents()) {
            problems.addAll(commands.check(ROOT.relativize(doc).toString(), Files.readString(doc)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckFindsAPlantedWrongOptionOrCommand() {
        DocumentedCommands commands = new DocumentedCommands(LocalCli.commandLine(Map::of));
        assertThat(commands.check("planted", "```\n./careerstream run --create-topic 4   # a typo\n```"))
                .singleElement().asString().contains("has no option --create-topic");
        assertThat(commands.check("planted", "Run `./careerstream schemas regsiter --schema-registry-url URL`."))
                .singleElement().asString().endsWith("'careerstream schemas' has no subcommand regsiter");
        assertThat(commands.checkOne("nope")).contains("has no subcommand nope");
        assertThat(commands.checkOne("model evaluate --no-simulation")).as("a negatable option's other form").isNull();
        assertThat(commands.checkOne("model evaluate --no-seed")).contains("has no option --no-seed");
        assertThat(commands.checkOne("map check|explain")).isNull();
        assertThat(commands.checkOne("demo --keep-running | tee out.txt --not-an-option")).isNull();
    }

    @Test
    void everySettingATableNamesIsDefined() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (Path doc : documents()) {
            for (DocumentedSettings.Named named : DocumentedSettings.in(ROOT.relativize(doc).toString(), Files.readString(doc),
                    DocsMatchTheCodeTest::isSetting)) {
                if (named.candidates().stream().noneMatch(key -> isSetting(key) || NOT_SETTINGS.contains(key))) {
                    unknown.add(named.where() + ": " + named.written() + " " + named.candidates());
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void theReadmeConfigurationTableNamesEverySetting() throws IOException {
        Set<String> documented = new TreeSet<>();
        DocumentedSettings.in("README.md", Files.readString(ROOT.resolve("README.md")), DocsMatchTheCodeTest::isSetting)
                .forEach(named -> documented.addAll(named.candidates()));
        Set<String> ours = new TreeSet<>(CareerstreamConfig.keys());
        ours.addAll(HttpSettings.KEYS);
        ours.removeIf(key -> !key.startsWith(CareerstreamConfig.PREFIX));
        assertThat(documented).containsAll(ours);
    }

    private static boolean isSetting(String key) {
        return CareerstreamConfig.isKnownKey(key, HttpSettings.KEYS);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("deploy/README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
