package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code careerstream acls}: the least ACLs of the configured installation, as a table and as kafka-acls commands. */
class AclsCommandTest {

    @Test
    void printsEachPrincipalsGrantsAsATableAndAsCommands() {
        CliRun acls = CliRun.of("acls", "--set", "application.id=segments", "--set", "careerstream.topic.alerts=alerts-v2");
        assertThat(acls.exit()).as(acls.err()).isZero();
        assertThat(acls.out()).contains("User:careerstream, the service", "User:touchpoint-producer,", "User:campaigns,",
                "User:careerstream-operator,")
                .containsPattern("TOPIC +touchpoints +LITERAL +READ")
                .containsPattern("TOPIC +alerts-v2 +LITERAL +WRITE")
                .containsPattern("TOPIC +segments +PREFIXED +CREATE")
                .containsPattern("GROUP +segments +LITERAL +READ")
                .containsPattern("TRANSACTIONAL_ID +segments +PREFIXED +WRITE")
                .doesNotContain("churn-alerts")
                .contains("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add "
                        + "--allow-principal User:careerstream --operation Write --transactional-id segments "
                        + "--resource-pattern-type prefixed")
                .contains("--allow-principal User:campaigns --operation Read --group campaigns")
                .contains("--allow-principal User:careerstream --operation DescribeConfigs --topic touchpoints")
                .doesNotContain("IdempotentWrite", "--cluster");
        List<String> commands = acls.out().lines().filter(l -> l.startsWith("kafka-acls.sh")).toList();
        List<String> rows = acls.out().lines().filter(l -> l.matches(" +(TOPIC|GROUP|TRANSACTIONAL_ID) .*")).toList();
        assertThat(commands).hasSameSizeAs(rows).doesNotHaveDuplicates();
    }

    @Test
    void atLeastOnceNeedsNoTransactionalIdsAndPrincipalsAreTheCallers() {
        CliRun acls = CliRun.of("acls", "--format", "commands", "--set", "processing.guarantee=at_least_once",
                "--service-principal", "User:svc", "--consumer-group", "crm");
        assertThat(acls.exit()).as(acls.err()).isZero();
        assertThat(acls.out()).doesNotContain("--transactional-id", "RESOURCE")
                .contains("--allow-principal User:svc --operation Read --group careerstream")
                .contains("--operation Read --group crm");
        assertThat(acls.out().lines().filter(l -> !l.isBlank()))
                .allMatch(l -> l.startsWith("#") || l.startsWith("kafka-acls.sh "));
    }

    @Test
    void anUnknownSettingIsRefusedLikeEverywhere() {
        CliRun acls = CliRun.of("acls", "--set", "careerstream.topic.alertz=x");
        assertThat(acls.exit()).isEqualTo(2);
        assertThat(acls.err()).contains("careerstream.topic.alertz");
    }
}
