package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapLoader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The customer's story kept in the state ({@link CareerHistory}): the last ten stage and track
 * changes and purchase days survive every step and every encode/decode, as a plain reference that
 * remembers everything says; a state of release 0.1.0 (codec version 6) still decodes.
 */
class CareerHistoryTest {

    private static final CustomerCareer CAREER = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
            CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
    private static final long DAY = 86_400_000L;
    private static final long T0 = 852_076_800_000L; // 1997-01-01
    private static final long SEED = Long.getLong("QT_SEED", 852_076_800L);

    /** A touchpoint, or (kind 4) a timer at that time. */
    private record Step(int kind, long at, int n) {
    }

    /** Up to 120 steps over four years, mostly purchases and timers, in any order: many changes. */
    private static Gen<List<Step>> lives() {
        Gen<Step> step = integers().between(0, 4).zip(longs().between(0, 1460L * DAY), integers().between(0, 200), Step::new);
        return lists().of(step).ofSizeBetween(0, 120);
    }

    private static Touchpoint touchpoint(Step step) {
        long at = T0 + step.at();
        int n = step.n();
        return switch (step.kind()) {
            case 0, 1 -> new Touchpoint.Purchase("e" + n, "c", at, "o" + n, 100L + n, "USD", 1, List.of());
            case 2 -> new Touchpoint.Inquiry("e" + n, "c", at, Touchpoint.InquiryKind.values()[n % 4], n % 2 == 0);
            default -> new Touchpoint.SocialMention("e" + n, "c", at, Touchpoint.Sentiment.values()[n % 3], n, n % 5 == 0);
        };
    }

    @Test
    void theLastTenChangesAndPurchaseDaysAreKeptThroughEveryEncoding() {
        qt().withFixedSeed(SEED).withExamples(300).withShrinkCycles(3000).forAll(lives()).checkAssert(life -> {
            CustomerState state = null;
            List<CareerHistory.Change> allChanges = new ArrayList<>();
            TreeSet<Long> allPurchaseDays = new TreeSet<>();
            for (Step step : life) {
                CareerOutcome outcome;
                if (step.kind() == 4) {
                    if (state == null) {
                        continue;
                    }
                    outcome = CAREER.onTimer(state, "c", T0 + step.at());
                } else {
                    Touchpoint t = touchpoint(step);
                    if (CAREER.arrival(state, t) == ArrivalPolicy.Arrival.LATE) {
                        continue;
                    }
                    outcome = CAREER.onTouchpoint(state, t);
                    if (!outcome.duplicate() && t instanceof Touchpoint.Purchase) {
                        allPurchaseDays.add(Math.floorDiv(t.occurredAt(), DAY));
                    }
                }
                for (StageChange c : outcome.stageChanges()) {
                    allChanges.add(new CareerHistory.Change(c.dimension(),
                            CareerMap.NO_TRACK.equals(c.to()) && c.dimension() == StageChange.Dimension.TRACK ? null : c.to(),
                            Math.floorDiv(c.at(), DAY)));
                }
                // Every step goes on from the decoded state: what is kept is what the store gives back.
                state = CustomerStateCodec.decode(CustomerStateCodec.encode(outcome.state()));
                assertThat(state).isEqualTo(outcome.state());
                assertThat(state.history().changes()).containsExactlyElementsOf(
                        allChanges.subList(Math.max(0, allChanges.size() - CareerHistory.MAX_CHANGES), allChanges.size()));
                List<Long> lastDays = new ArrayList<>(allPurchaseDays).subList(
                        Math.max(0, allPurchaseDays.size() - CareerHistory.MAX_PURCHASE_DAYS), allPurchaseDays.size());
                assertThat(state.history().purchaseDays()).containsExactly(lastDays.stream().mapToLong(Long::longValue).toArray());
            }
        });
    }

    @Test
    void aLongLifeStaysWithinTheStateBudget() {
        qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(3000).forAll(lives()).checkAssert(life -> {
            CustomerState state = null;
            for (Step step : life) {
                if (step.kind() == 4) {
                    state = state == null ? null : CAREER.onTimer(state, "c", T0 + step.at()).state();
                } else if (CAREER.arrival(state, touchpoint(step)) != ArrivalPolicy.Arrival.LATE) {
                    state = CAREER.onTouchpoint(state, touchpoint(step)).state();
                }
            }
            if (state != null) {
                assertThat(CustomerStateCodec.encode(state).length).isLessThanOrEqualTo(200);
            }
        });
    }

    /**
     * Written by the codec of release 0.1.0 (version 6): a customer in ACTIVE since day 40, track
     * LOYAL, 3 purchase days from 1997-01-01 to day 40, the last one remembered.
     */
    private static final String RELEASE_0_1_0_STATE =
            "060007414354495645064c4f59414c0080d0f09de6188180f3df198180f3df19018180f3df1981c0dfaf408180f3df19"
                    + "0304000000000000000000f2c0010001000000c09fab0312345678";

    @Test
    void aStateOfRelease010DecodesWithAHistorySeededFromWhatItKnew() {
        CustomerState s = CustomerStateCodec.decode(HexFormat.of().parseHex(RELEASE_0_1_0_STATE));
        assertThat(s.stage()).isEqualTo("ACTIVE");
        assertThat(s.track()).isEqualTo("LOYAL");
        assertThat(s.stageSince()).isEqualTo(T0 + 40 * DAY);
        assertThat(s.purchaseDays()).isEqualTo(3);
        assertThat(s.purchases()).isEqualTo(4);
        assertThat(s.totalSpendMinor()).isEqualTo(12_345);
        assertThat(s.mapVersionHash()).isEqualTo(0x12345678);
        assertThat(s.history().changes()).containsExactly(
                new CareerHistory.Change(StageChange.Dimension.STAGE, "ACTIVE", T0 / DAY + 40));
        assertThat(s.history().purchaseDays()).containsExactly(T0 / DAY, T0 / DAY + 40);
        byte[] again = CustomerStateCodec.encode(s);
        assertThat(again[0]).isEqualTo(CustomerStateCodec.VERSION);
        assertThat(CustomerStateCodec.decode(again)).isEqualTo(s);
    }

    @Test
    void aHistoryCountBeyondItsBoundIsRefusedBeforeAnythingIsAllocated() {
        CustomerState s = CustomerState.empty();
        s.evaluatedAt = T0;
        s.firstTouchpointAt = T0;
        byte[] empty = CustomerStateCodec.encode(s);
        // Before the last byte (the counted P(alive) tenth) come the history's two counts (none
        // kept): claim two billion changes instead.
        byte[] corrupt = java.util.Arrays.copyOf(empty, empty.length + 4);
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        System.arraycopy(huge, 0, corrupt, empty.length - 3, huge.length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CustomerStateCodec.decode(corrupt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2147483647 stage and track changes");
    }

    @Test
    void aChangeToAnIdThatIsNeitherTheCurrentStageNorTrackComesBackFromTheDictionary() {
        CustomerState s = CustomerState.empty();
        s.stage = "ACTIVE";
        s.evaluatedAt = T0 + 30 * DAY;
        s.firstTouchpointAt = T0;
        s.history.record(StageChange.Dimension.STAGE, "PROSPECT", T0);
        s.history.record(StageChange.Dimension.TRACK, "VIP", T0 + 5 * DAY);
        s.history.record(StageChange.Dimension.TRACK, null, T0 + 9 * DAY);
        s.history.record(StageChange.Dimension.STAGE, "ACTIVE", T0 + 30 * DAY);
        CustomerState decoded = CustomerStateCodec.decode(CustomerStateCodec.encode(s));
        assertThat(decoded.history()).isEqualTo(s.history());
        assertThat(decoded.history().changes()).extracting(CareerHistory.Change::to)
                .containsExactly("PROSPECT", "VIP", null, "ACTIVE");
    }
}
