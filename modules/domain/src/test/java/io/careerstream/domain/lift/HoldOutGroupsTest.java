package io.careerstream.domain.lift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldOutGroupsTest {

    private static final HoldOutGroups TEN_PERCENT = new HoldOutGroups("spring-2026", 0.10, Map.of("WIN_BACK", 0.25));

    @Test
    void theSameCustomerActionAndSaltAlwaysGiveTheSameAnswer() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 20), strings().allPossible().ofLengthBetween(0, 20))
                .checkAssert((customer, action) -> {
                    HoldOutGroups again = new HoldOutGroups("spring-2026", 0.10, Map.of("WIN_BACK", 0.25));
                    assertThat(again.heldOut(customer, action)).isEqualTo(TEN_PERCENT.heldOut(customer, action));
                });
    }

    @Test
    void knownCustomersKeepTheirGroupAcrossVersionsAndMachines() {
        // Pinned answers: a change of the hash would silently move customers between groups and
        // spoil every running measurement, so it must show up here.
        assertThat(IntStream.range(0, 60).filter(i -> TEN_PERCENT.heldOut("c-" + i, "ONBOARDING")).mapToObj(i -> "c-" + i))
                .containsExactly("c-10", "c-12", "c-17", "c-23", "c-33", "c-34", "c-35", "c-37");
        assertThat(IntStream.range(0, 1000).filter(i -> TEN_PERCENT.heldOut("c-" + i, "ONBOARDING")).count()).isEqualTo(91);
    }

    @Test
    void theShareHeldOutIsTheConfiguredShareWithinSamplingError() {
        qt().withExamples(20).forAll(doubles().between(0.0, 1.0), integers().between(0, 1_000_000))
                .checkAssert((share, seed) -> {
                    HoldOutGroups groups = new HoldOutGroups("salt-" + seed, share, Map.of());
                    int n = 20_000;
                    long heldOut = IntStream.range(0, n).filter(i -> groups.heldOut("customer-" + i, "WIN_BACK")).count();
                    // Binomial(n, share): 5 standard deviations, plus one customer for the edges.
                    double sd = Math.sqrt(n * share * (1 - share));
                    assertThat((double) heldOut).isBetween(n * share - 5 * sd - 1, n * share + 5 * sd + 1);
                });
    }

    @Test
    void anActionsOwnShareOverridesTheDefault() {
        int n = 20_000;
        long winBack = IntStream.range(0, n).filter(i -> TEN_PERCENT.heldOut("c-" + i, "WIN_BACK")).count();
        long other = IntStream.range(0, n).filter(i -> TEN_PERCENT.heldOut("c-" + i, "ONBOARDING")).count();
        assertThat(winBack / (double) n).isBetween(0.24, 0.26);
        assertThat(other / (double) n).isBetween(0.09, 0.11);
    }

    @Test
    void groupsOfDifferentActionsAndSaltsAreIndependent() {
        int n = 20_000;
        HoldOutGroups half = new HoldOutGroups("a", 0.5, Map.of());
        HoldOutGroups otherSalt = new HoldOutGroups("b", 0.5, Map.of());
        long bothActions = IntStream.range(0, n)
                .filter(i -> half.heldOut("c-" + i, "WIN_BACK") && half.heldOut("c-" + i, "ONBOARDING")).count();
        long bothSalts = IntStream.range(0, n)
                .filter(i -> half.heldOut("c-" + i, "WIN_BACK") && otherSalt.heldOut("c-" + i, "WIN_BACK")).count();
        // Independent halves overlap in a quarter (sd of the share 0.003).
        assertThat(bothActions / (double) n).isBetween(0.235, 0.265);
        assertThat(bothSalts / (double) n).isBetween(0.235, 0.265);
    }

    @Test
    void nobodyIsHeldOutOfNotContacting() {
        HoldOutGroups everyone = new HoldOutGroups("s", 1.0, Map.of());
        assertThat(everyone.heldOut("c-1", "WIN_BACK")).isTrue();
        assertThat(everyone.heldOut("c-1", "NONE")).isFalse();
        assertThat(everyone.heldOut("c-1", "NO_CONTACT")).isFalse();
        assertThat(HoldOutGroups.NONE.heldOut("c-1", "WIN_BACK")).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> new HoldOutGroups(" ", 0.1, Map.of())).hasMessageContaining("salt");
        assertThatThrownBy(() -> new HoldOutGroups("s", 1.5, Map.of())).hasMessageContaining("default hold-out share");
        assertThatThrownBy(() -> new HoldOutGroups("s", 0.1, Map.of("WIN_BACK", -0.1)))
                .hasMessageContaining("WIN_BACK");
    }
}
