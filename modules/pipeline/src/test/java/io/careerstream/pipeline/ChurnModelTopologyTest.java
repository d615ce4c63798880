package io.careerstream.pipeline;

import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.MbgNbd;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default silence rule: MBG/NBD P(alive) thresholds, with parameters replaceable while running. */
class ChurnModelTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final long WEEK = Duration.ofDays(7).toMillis();

    @TempDir
    Path stateDir;
    private TopologyFixture fixture;
    private StageTransitions transitions;
    private ChurnAlerts alerts;
    private TestOutputTopic<String, CustomerProfile> profiles;
    private TestInputTopic<String, ModelParameters> parameters;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(stateDir, Map.of(PipelineSettings.PUNCTUATION_INTERVAL_MS, Duration.ofDays(1).toMillis()));
        Topics topics = fixture.topics;
        parameters = fixture.input(topics.modelParameters(), ModelParameters.class);
        transitions = new StageTransitions(fixture.output(topics.transitions(), StageTransition.class));
        alerts = new ChurnAlerts(fixture.output(topics.alerts(), ChurnAlert.class));
        profiles = fixture.output(topics.profiles(), CustomerProfile.class);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void send(TouchpointEvent e) {
        fixture.send(e);
    }

    private void tick(Instant at) {
        fixture.tick(at);
    }

    private static long crossing(ChurnModelParameters p, int x, double txWeeks, double threshold, Instant first) {
        double age = MbgNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(p.mbgNbd(), x, txWeeks, threshold);
        return first.toEpochMilli() + Math.round(age * WEEK);
    }

    @Test
    void aWeeklyBuyerWhoStopsIsAlertedExactlyWhenPAliveCrossesEachThreshold() {
        for (int week = 0; week < 4; week++) {
            send(purchase("c1", "o" + week, T0.plus(Duration.ofDays(7L * week)), 2500));
        }
        tick(T0.plus(Duration.ofDays(3000)));

        List<ChurnAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(ChurnAlert::getLevel).containsExactly(ChurnLevel.AT_RISK, ChurnLevel.LAPSED);
        ChurnModelParameters p = ChurnModelParameters.CDNOW;
        double atRisk = io.careerstream.domain.SilencePolicy.DEFAULT.atRiskProbabilityAlive();
        double lapsed = io.careerstream.domain.SilencePolicy.DEFAULT.lapsedProbabilityAlive();
        assertThat(raised.get(0).getAt().toEpochMilli()).isEqualTo(crossing(p, 3, 3, atRisk, T0));
        assertThat(raised.get(1).getAt().toEpochMilli()).isEqualTo(crossing(p, 3, 3, lapsed, T0));
        assertThat(raised.get(0).getProbabilityAlive()).isCloseTo(atRisk, within(1e-6));
        assertThat(raised.get(1).getProbabilityAlive()).isCloseTo(lapsed, within(1e-6));
        assertThat(raised.get(0).getModel()).isEqualTo("MBG/NBD");
        assertThat(raised.get(0).getRegularity()).isEqualTo(1);
        assertThat(raised.get(0).getExpectedPurchases90d()).isPositive();
        assertThat(raised.get(0).getExpectedValue90d()).isPositive();

        List<StageTransition> path = transitions.readValuesToList();
        assertThat(path).extracting(StageTransition::getTo).containsExactly("NEW", "ACTIVE", "LOYAL", "AT_RISK", "LAPSED");
        assertThat(path.get(3).getRule()).isEqualTo("AT_RISK");
        assertThat(path.get(3).getEvidence()).containsEntry("silenceLevel", "AT_RISK")
                .containsKeys("probabilityAlive", "daysSinceLastPurchase", "expectedIntervalDays");
        assertThat(Double.parseDouble(path.get(3).getEvidence().get("probabilityAlive"))).isCloseTo(atRisk, within(0.001));
    }

    @Test
    void profilesCarryTheModelFigures() {
        send(purchase("c1", "o1", T0, 2500));
        send(purchase("c1", "o2", T0.plus(Duration.ofDays(14)), 1500));
        CustomerProfile profile = profiles.readKeyValuesToMap().get("c1");
        double expected = MbgNbd.INSTANCE.probabilityAlive(ChurnModelParameters.CDNOW.mbgNbd(), new PurchaseSummary(1, 2, 2));
        assertThat(profile.getProbabilityAlive()).isCloseTo(expected, within(1e-9));
        assertThat(profile.getExpectedPurchases90d()).isGreaterThan(profile.getExpectedPurchases30d());
    }

    @Test
    void newlyPublishedParametersApplyWithoutARestart() {
        // Parameters under which customers are far likelier to have dropped out after a purchase.
        ChurnModelParameters fickle = new ChurnModelParameters(0.525, 6.183, 5.0, 1.0, 6.25, 3.74, 15.44);
        parameters.pipeInput(Topics.DEFAULT_PARAMETERS_KEY, ModelParameters.newBuilder().setModel("MBG/NBD")
                .setR(fickle.r()).setAlpha(fickle.alpha()).setA(fickle.a()).setB(fickle.b()).setP(fickle.p())
                .setQ(fickle.q()).setGamma(fickle.gamma()).setFittedAt(T0).setCustomers(1).setLogLikelihood(-1).build());
        send(purchase("c2", "o1", T0, 2500));
        tick(T0.plus(Duration.ofDays(3000)));
        ChurnAlert first = alerts.readValuesToList().get(0);
        double atRisk = io.careerstream.domain.SilencePolicy.DEFAULT.atRiskProbabilityAlive();
        long expected = Math.max(crossing(fickle, 0, 0, atRisk, T0), T0.toEpochMilli() + Duration.ofDays(7).toMillis());
        assertThat(first.getAt().toEpochMilli()).isEqualTo(expected);
        assertThat(expected).isLessThan(crossing(ChurnModelParameters.CDNOW, 0, 0, atRisk, T0));
    }

    /**
     * A clockwork buyer (every 14 days) who goes silent, under the same population parameters r,
     * alpha, a, b: the regularity mixture, which reads their own gaps, puts them AT_RISK weeks
     * before MBG/NBD does, at the mixture's crossing time, and the alert says so.
     */
    @Test
    void underTheRegularityMixtureAClockworkBuyerWhoGoesSilentIsAtRiskSoonerThanUnderMbgNbd() {
        double r = 2.0, alpha = 8.12, a = 1.43, b = 8.15;
        ChurnModelParameters mbgNbd = new ChurnModelParameters(r, alpha, a, b, 6.25, 3.74, 15.44);
        ChurnModelParameters mixture = ChurnModelParameters.mixture(r, alpha, a, b, 6.25, 3.74, 15.44,
                List.of(0.57, 0.06, 0.10, 0.24, 0.03));
        Instant lastPurchase = T0.plus(Duration.ofDays(14 * 7));

        long mbgAtRisk = atRiskAlertUnder(mbgNbd, "poisson-view");
        fixture.close();
        start();
        long mixAtRisk = atRiskAlertUnder(mixture, "regular-view");

        assertThat(mixAtRisk).isLessThan(mbgAtRisk - Duration.ofDays(14).toMillis());
        assertThat(mixAtRisk).isGreaterThan(lastPurchase.toEpochMilli() + Duration.ofDays(7).toMillis());
        // Where the churn model puts the crossing for these eight purchase days, 14 days apart.
        double atRisk = io.careerstream.domain.SilencePolicy.DEFAULT.atRiskProbabilityAlive();
        double age = io.careerstream.churn.RegularityMixture.INSTANCE.ageWhenProbabilityAliveFallsTo(
                mixture.purchaseModelParameters(), new PurchaseSummary(7, 14, 14, 0, 7 * Math.log(2)), atRisk);
        assertThat((double) mixAtRisk).isCloseTo(T0.toEpochMilli() + age * WEEK, within(60_000.0));
    }

    /** Publishes {@code p}, sends eight purchases 14 days apart, lets a year pass; the AT_RISK alert's time. */
    private long atRiskAlertUnder(ChurnModelParameters p, String customer) {
        parameters.pipeInput(Topics.DEFAULT_PARAMETERS_KEY, io.careerstream.pipeline.career.ChurnModelContracts.toContract(
                p, T0, 6000, -1));
        for (int i = 0; i < 8; i++) {
            send(purchase(customer, "o" + i, T0.plus(Duration.ofDays(14L * i)), 2500));
        }
        tick(T0.plus(Duration.ofDays(14 * 7 + 365)));
        ChurnAlert alert = alerts.readValuesToList().stream().filter(x -> x.getLevel() == ChurnLevel.AT_RISK).findFirst()
                .orElseThrow(() -> new AssertionError("no AT_RISK alert for " + customer));
        assertThat(alert.getModel()).isEqualTo(p.purchaseModel().name());
        assertThat(alert.getProbabilityAlive()).isCloseTo(io.careerstream.domain.SilencePolicy.DEFAULT.atRiskProbabilityAlive(),
                within(1e-5));
        assertThat(alert.getRegularity()).isEqualTo(p.isMixture() ? 16 : 1);
        return alert.getAt().toEpochMilli();
    }

    @Test
    void withARegularityModelPublishedTheAlertsComeAtItsCrossingTimesAndSayWhichModelJudged() {
        ChurnModelParameters regular = new ChurnModelParameters(2.0, 2.0, 1.5, 9.0, 6.25, 3.74, 15.44, 4);
        parameters.pipeInput(Topics.DEFAULT_PARAMETERS_KEY, io.careerstream.pipeline.career.ChurnModelContracts.toContract(
                regular, T0, 1000, -1));
        for (int week = 0; week < 4; week++) {
            send(purchase("c3", "o" + week, T0.plus(Duration.ofDays(7L * week)), 2500));
        }
        tick(T0.plus(Duration.ofDays(3000)));

        List<ChurnAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(ChurnAlert::getLevel).containsExactly(ChurnLevel.AT_RISK, ChurnLevel.LAPSED);
        io.careerstream.domain.SilencePolicy policy = io.careerstream.domain.SilencePolicy.DEFAULT;
        double atRiskAge = io.careerstream.churn.MbgCnbd.of(4).ageWhenProbabilityAliveFallsTo(regular.mbgNbd(), 3, 3,
                policy.atRiskProbabilityAlive());
        assertThat(raised.get(0).getAt().toEpochMilli()).isEqualTo(T0.toEpochMilli() + Math.round(atRiskAge * WEEK));
        assertThat(raised.get(0).getProbabilityAlive()).isCloseTo(policy.atRiskProbabilityAlive(), within(1e-6));
        assertThat(raised.get(0).getModel()).isEqualTo("MBG/CNBD-4");
        assertThat(raised.get(0).getRegularity()).isEqualTo(4);
        double silentDays = (raised.get(0).getAt().toEpochMilli() - T0.plus(Duration.ofDays(21)).toEpochMilli()) / 86_400_000.0;
        assertThat(raised.get(0).getDaysOverdue()).isCloseTo(silentDays - 7, within(1e-9));
        // A regular buyer is given up on sooner than MBG/NBD would with the same r, alpha / k, a, b.
        double poissonAge = MbgNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(
                new double[] {2.0, 2.0 * 4, 1.5, 9.0}, 3, 3, policy.atRiskProbabilityAlive());
        assertThat(atRiskAge).isLessThan(poissonAge);

        StageTransition atRisk = transitions.readValuesToList().stream().filter(t -> t.getTo().equals("AT_RISK")).findFirst()
                .orElseThrow();
        assertThat(atRisk.getEvidence()).containsEntry("churnModel", "MBG/CNBD-4").containsEntry("regularity", "4")
                .containsKey("daysOverdue");
    }
}
