package io.careerstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.CareerstreamCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class LocalCliTest {

    @Test
    void theLocalCommandLineIsTheProductionOnePlusTheCommandsThatBringTheirOwnBroker() {
        var production = CareerstreamCli.commandLine(Map::of).getSubcommands().keySet();
        var local = LocalCli.commandLine(Map::of).getSubcommands().keySet();
        assertThat(local).containsAll(production).contains("demo", "broker", "benchmark");
        assertThat(production).doesNotContain("demo", "broker", "benchmark");
    }

    @Test
    void theLocalCommandsAreNamedForTheirLogBeforeTheyAreBuilt() {
        assertThat(LocalCli.LOCAL_COMMANDS).isEqualTo(LocalCli.commandLine(Map::of).getSubcommands().keySet().stream()
                .filter(name -> !CareerstreamCli.commandLine(Map::of).getSubcommands().containsKey(name))
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theDemoUsesAnInMemoryRegistryUnlessToldOtherwise() {
        CommandSpec demo = LocalCli.commandLine(Map::of).getSubcommands().get("demo").getCommandSpec();
        assertThat(demo.findOption("--schema-registry-url").defaultValue()).isEqualTo("mock://demo");
    }

    @Test
    void theDemoRefusesABrokenCareerMapNamingTheRule(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("mine.yaml");
        Files.writeString(map, "version: \"1\"\nstages:\n  - {id: VIP, when: \"purchaseDays > 'ten'\", action: THANK}\n"
                + "  - {id: OTHER, when: \"purchaseDays > 1\", action: NONE}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = LocalCli.commandLine(Map::of);
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = cli.execute("demo", "--career-map", map.toString(), "--input", "../../data/CDNOW_master.txt");
        } finally {
            System.setErr(originalErr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stage 'VIP'");
    }
}
