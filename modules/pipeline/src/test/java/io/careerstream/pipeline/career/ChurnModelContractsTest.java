package io.careerstream.pipeline.career;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.ModelParameters;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnModelContractsTest {

    private static final Instant FITTED = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void parametersSurviveTheTripThroughThePublishedContract() {
        ChurnModelParameters fitted = new ChurnModelParameters(0.61, 8.65, 0.55, 1.01, 4.68, 4.19, 24.39);

        ModelParameters contract = ChurnModelContracts.toContract(fitted, FITTED, 2357, -17127.373);

        assertThat(contract.getModel()).isEqualTo("MBG/NBD");
        assertThat(contract.getFittedAt()).isEqualTo(FITTED);
        assertThat(contract.getCustomers()).isEqualTo(2357);
        assertThat(contract.getLogLikelihood()).isEqualTo(-17127.373);
        assertThat(List.of(contract.getR(), contract.getAlpha(), contract.getA(), contract.getB(), contract.getP(),
                contract.getQ(), contract.getGamma())).containsExactly(0.61, 8.65, 0.55, 1.01, 4.68, 4.19, 24.39);
        assertThat(contract.getK()).isEqualTo(1);
        assertThat(ChurnModelContracts.toDomain(contract)).isEqualTo(fitted);
    }

    @Test
    void aRegularityAboveOneIsPublishedAsMbgCnbdK() {
        ChurnModelParameters regular = new ChurnModelParameters(1.9, 3.6, 1.5, 8.8, 4.68, 4.19, 24.39, 3);

        ModelParameters contract = ChurnModelContracts.toContract(regular, FITTED, 6000, -118721.5);

        assertThat(contract.getModel()).isEqualTo("MBG/CNBD-3");
        assertThat(contract.getK()).isEqualTo(3);
        assertThat(ChurnModelContracts.toDomain(contract)).isEqualTo(regular);
        assertThat(ChurnModelContracts.toDomain(contract).purchaseModel().regularity()).isEqualTo(3);
    }

    @Test
    void theRegularityMixtureIsPublishedWithItsClassWeights() {
        ChurnModelParameters mixture = ChurnModelParameters.mixture(2.0, 8.1, 1.4, 8.2, 4.68, 4.19, 24.39,
                List.of(0.57, 0.06, 0.10, 0.24, 0.03));

        ModelParameters contract = ChurnModelContracts.toContract(mixture, FITTED, 6000, -118000.5);

        assertThat(contract.getModel()).isEqualTo("MBG/CNBD-mix");
        assertThat(contract.getRegularityWeights()).extracting(c -> c.getK()).containsExactly(1, 2, 4, 8, 16);
        assertThat(contract.getRegularityWeights().get(3).getWeight()).isEqualTo(mixture.regularityWeights().get(3));
        assertThat(ChurnModelContracts.toDomain(contract)).isEqualTo(mixture);
        assertThat(ChurnModelContracts.toDomain(contract).purchaseModel().name()).isEqualTo("MBG/CNBD-mix");

        contract.getRegularityWeights().get(1).setK(3);
        assertThatThrownBy(() -> ChurnModelContracts.toDomain(contract)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k = [1, 2, 4, 8, 16]");
    }

    @Test
    void aPublishedRecordWithParametersOutOfRangeIsRefused() {
        ModelParameters contract = ChurnModelContracts.toContract(ChurnModelParameters.CDNOW, FITTED, 10, -1);
        contract.setQ(0.9);
        assertThatThrownBy(() -> ChurnModelContracts.toDomain(contract)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q must exceed 1");
    }

    @Test
    void aProfileIsTheSummaryOfItsTotalsAtTheEndOfObservation() {
        Instant first = Instant.parse("2024-01-01T00:00:00Z");
        Instant last = Instant.parse("2024-01-15T00:00:00Z");
        Instant end = Instant.parse("2024-01-29T00:00:00Z");

        assertThat(ChurnModelContracts.purchaseSummary(profile(first, last, 3, 3000), end))
                .contains(new PurchaseSummary(2, 2.0, 4.0, 10.0));
        assertThat(ChurnModelContracts.purchaseSummary(profile(null, null, 0, 0), end)).as("no purchase yet").isEmpty();
        assertThat(ChurnModelContracts.purchaseSummary(profile(first, last, 3, 3000), first.minusMillis(1)))
                .as("first purchase after the end").isEmpty();
        assertThat(ChurnModelContracts.purchaseSummary(profile(first, last, 3, 3000), first)).as("first purchase at the end")
                .contains(new PurchaseSummary(2, 2.0, 2.0, 10.0));
    }

    private static CustomerProfile profile(Instant firstPurchase, Instant lastPurchase, int purchaseDays, long spendMinor) {
        Instant touched = lastPurchase == null ? Instant.parse("2024-01-20T00:00:00Z") : lastPurchase;
        return CustomerProfile.newBuilder().setCustomerId("c1").setStage("ACTIVE").setStageSince(touched)
                .setFirstPurchaseAt(firstPurchase).setLastPurchaseAt(lastPurchase).setLastTouchpointAt(touched)
                .setPurchaseDays(purchaseDays).setPurchases(purchaseDays).setTotalSpendMinor(spendMinor)
                .setExpectedIntervalDays(7).setInquiries(0).setOpenComplaints(0).setEmailOpens(0).setEmailClicks(0)
                .setPositiveMentions(0).setNegativeMentions(0).setReferrals(0).setUnsubscribed(false).setSpamReported(false)
                .build();
    }
}
