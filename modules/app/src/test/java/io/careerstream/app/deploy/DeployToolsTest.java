package io.careerstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deploy files and scripts as the tools made for them read them: yamllint on every YAML file
 * (the project's .yamllint.yml), shellcheck on the launcher and the scripts, and docker-compose's
 * own validation of the Compose file (docker-compose 1.29, Debian's: it needs no Docker engine to
 * check a file). Skipped, naming the package, where a tool is missing; .ci/run installs them.
 */
class DeployToolsTest {

    private static final Path ROOT = DeployFilesTest.DEPLOY.getParent();

    @Test
    void yamllintFindsNothing() throws Exception {
        ExternalTool yamllint = ExternalTool.require("yamllint", "yamllint");
        ExternalTool.Result result = yamllint.run(ROOT, "-s", "-c", ".yamllint.yml", "deploy", "config", ".yamllint.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shellcheckFindsNothingInTheLauncherAndTheScripts() throws Exception {
        ExternalTool shellcheck = ExternalTool.require("shellcheck", "shellcheck");
        ExternalTool.Result result = shellcheck.run(ROOT, "careerstream", "deploy/schema-registry.sh", ".ci/run");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void dockerComposeValidatesTheComposeFile() throws Exception {
        ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
        // The token is the one variable the file requires; any value does for a check.
        ExternalTool.Result result = compose.run(ROOT.resolve("deploy"), Map.of("CAREERSTREAM_HTTP_TOKEN", "any"), "-f",
                "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
