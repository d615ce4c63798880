package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CustomerStateCodecTest {

    private static final CustomerCareer CAREER = new CustomerCareer(new LifecycleRules(LifecyclePolicy.DEFAULT),
            io.careerstream.domain.map.CareerMapLoader.loadDefault(), CustomerCareer.LookAhead.DEFAULT);
    private static final long T0 = 852_076_800_000L; // 1997-01-01

    @Provide
    Arbitrary<List<Touchpoint>> histories() {
        Arbitrary<Touchpoint> touchpoint = Arbitraries.integers().between(0, 3).flatMap(kind ->
                Arbitraries.longs().between(0, 800L * 86_400_000L).flatMap(offset ->
                        Arbitraries.integers().between(0, 50).map(n -> switch (kind) {
                            case 0 -> new Touchpoint.Purchase("e" + n, "c", T0 + offset, "o" + n, n * 100L, "USD", 1, List.of());
                            case 1 -> new Touchpoint.Inquiry("e" + n, "c", T0 + offset,
                                    Touchpoint.InquiryKind.values()[n % 4], n % 2 == 0);
                            case 2 -> new Touchpoint.SocialMention("e" + n, "c", T0 + offset,
                                    Touchpoint.Sentiment.values()[n % 3], n, n % 5 == 0);
                            default -> new Touchpoint.EmailEngagement("e" + n, "c", T0 + offset,
                                    Touchpoint.EmailAction.values()[n % 5]);
                        })));
        return touchpoint.list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void everyReachableStateSurvivesAnEncodeDecodeRoundTrip(@ForAll("histories") List<Touchpoint> history) {
        CustomerState state = null;
        for (Touchpoint t : history) {
            state = CAREER.onTouchpoint(state, t).state();
            CustomerState decoded = CustomerStateCodec.decode(CustomerStateCodec.encode(state));
            assertThat(decoded).isEqualTo(state);
        }
    }

    @Property(tries = 200)
    void aCustomerWithAYearAndAHalfOfHistoryStaysWellUnder200Bytes(@ForAll("histories") List<Touchpoint> history) {
        CustomerState state = null;
        for (Touchpoint t : history) {
            state = CAREER.onTouchpoint(state, t).state();
        }
        if (state != null) {
            assertThat(CustomerStateCodec.encode(state).length).isLessThan(120);
        }
    }

    @Test
    void versionOneStateIsStillReadWithItsStageNamed() {
        // version 1, flags, stage ordinal 3 (LOYAL), alert level, first touchpoint 1000 ms (varint),
        // then six times, nine counters, spend, key count and cursor, all zero
        byte[] v1 = new byte[6 + 6 + 9 + 1 + 2];
        v1[0] = 1;
        v1[2] = 3;
        v1[4] = (byte) 0xE8;
        v1[5] = 7;
        CustomerState s = CustomerStateCodec.decode(v1);
        assertThat(s.stage()).isEqualTo("LOYAL");
        assertThat(s.firstTouchpointAt()).isEqualTo(1000);
        assertThat(s.track()).isNull();
        assertThat(CustomerStateCodec.decode(CustomerStateCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void unknownVersionAndTruncatedBytesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> CustomerStateCodec.decode(new byte[] {9, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        byte[] good = CustomerStateCodec.encode(CAREER.onTouchpoint(null,
                new Touchpoint.Purchase("e", "c", T0, "o", 1, "USD", 1, List.of())).state());
        assertThatThrownBy(() -> CustomerStateCodec.decode(java.util.Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
    }
}
