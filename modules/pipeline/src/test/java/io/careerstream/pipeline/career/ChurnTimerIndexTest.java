package io.careerstream.pipeline.career;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.pipeline.career.ChurnTimerIndex.Entry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn timer index on a real key-value store (in memory, as Kafka Streams builds it; one test
 * also on RocksDB): the store's byte order must be due-time order, and "what is due at now" must
 * be exactly the entries due at or before now.
 */
class ChurnTimerIndexTest {

    private static final String STORE = "churn-timer-index";

    private static final long T = Instant.parse("2027-03-01T12:00:00Z").toEpochMilli();

    private KeyValueStore<Bytes, byte[]> store;
    private ChurnTimerIndex index;

    @BeforeEach
    void setUp() {
        store = initialised(Stores.inMemoryKeyValueStore(STORE), new MockProcessorContext<>());
        index = new ChurnTimerIndex(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aKeyIsTheDueTimeAsEightBigEndianBytesFollowedByTheCustomerIdInUtf8() {
        byte[] key = ChurnTimerIndex.key(0x0102030405060708L, "Zoë").get();

        byte[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 'Z', 'o', (byte) 0xC3, (byte) 0xAB};
        assertThat(key).containsExactly(expected);
    }

    @Test
    void dueEntriesComeEarliestFirstWhateverOrderTheyWereScheduledIn() {
        // Chosen so that a little-endian or text encoding would misorder them: 255 < 256, 2^31 and 2^32
        // cross a byte boundary, and the epoch times differ only in their lower bytes.
        List<Long> times = new ArrayList<>(List.of(1L, 255L, 256L, 65_535L, 65_536L, 1L << 31, 1L << 32,
                Instant.parse("1997-01-01T00:00:00Z").toEpochMilli(), T - 1, T, T + 1, Long.MAX_VALUE));
        List<Long> shuffled = new ArrayList<>(times);
        Collections.shuffle(shuffled, new Random(7));
        for (long dueAt : shuffled) {
            index.reschedule("c-" + dueAt, 0, dueAt);
        }

        assertThat(index.dueAt(Long.MAX_VALUE)).extracting(Entry::dueAt).containsExactlyElementsOf(times);
    }

    @Test
    void anEntryDueExactlyAtNowIsDueAndOneDueAMillisecondLaterIsNot() {
        index.reschedule("early", 0, T - 1);
        index.reschedule("on-time", 0, T);
        index.reschedule("later", 0, T + 1);

        assertThat(index.dueAt(T)).containsExactly(new Entry(T - 1, "early"), new Entry(T, "on-time"));
        assertThat(index.dueAt(T - 2)).isEmpty();
        assertThat(index.dueAt(T + 1)).extracting(Entry::customerId).containsExactly("early", "on-time", "later");
    }

    @Test
    void customersDueAtTheSameTimeAreAllDueInTheByteOrderOfTheirIds() {
        for (String customer : List.of("c2", "c10", "b", "c1", "Zoë", "c")) {
            index.reschedule(customer, 0, T);
        }
        index.reschedule("next", 0, T + 1);

        // UTF-8 byte order: upper case before lower case, a prefix before its extensions.
        assertThat(index.dueAt(T)).containsExactly(new Entry(T, "Zoë"), new Entry(T, "b"), new Entry(T, "c"),
                new Entry(T, "c1"), new Entry(T, "c10"), new Entry(T, "c2"));
    }

    @Test
    void readingWhatIsDueRemovesNothing() {
        index.reschedule("c1", 0, T);

        assertThat(index.dueAt(T)).containsExactly(new Entry(T, "c1"));
        assertThat(index.dueAt(T)).containsExactly(new Entry(T, "c1"));
    }

    @Test
    void reschedulingMovesTheEntryFromTheOldTimeToTheNewOne() {
        index.reschedule("c1", 0, T);
        index.reschedule("c2", 0, T);

        index.reschedule("c1", T, T + 1000);

        assertThat(index.dueAt(T + 999)).containsExactly(new Entry(T, "c2"));
        assertThat(index.dueAt(T + 1000)).containsExactly(new Entry(T, "c2"), new Entry(T + 1000, "c1"));
        assertThat(entriesInStore()).isEqualTo(2);
    }

    @Test
    void reschedulingToAnEarlierTimeMovesTheEntryBack() {
        index.reschedule("c1", 0, T + 1000);

        index.reschedule("c1", T + 1000, T);

        assertThat(index.dueAt(Long.MAX_VALUE)).containsExactly(new Entry(T, "c1"));
    }

    @Test
    void zeroMeansNoCheck() {
        index.reschedule("c1", 0, T);
        index.reschedule("c1", T, T); // unchanged: nothing to do

        assertThat(index.dueAt(T)).containsExactly(new Entry(T, "c1"));

        index.reschedule("c1", T, 0);

        assertThat(index.dueAt(Long.MAX_VALUE)).isEmpty();
        assertThat(entriesInStore()).isZero();
    }

    @Test
    void removingAStaleEntryLeavesTheCustomersCurrentOneAndEveryOtherCustomer() {
        // A stale entry: the customer was rescheduled with a previous time the index never had, so the
        // old entry stayed; the career processor removes it when it comes due.
        index.reschedule("c1", 0, T);
        index.reschedule("c1", T - 5, T + 5000);
        index.reschedule("c2", 0, T);
        assertThat(index.dueAt(Long.MAX_VALUE)).containsExactly(new Entry(T, "c1"), new Entry(T, "c2"),
                new Entry(T + 5000, "c1"));

        index.remove(new Entry(T, "c1"));

        assertThat(index.dueAt(Long.MAX_VALUE)).containsExactly(new Entry(T, "c2"), new Entry(T + 5000, "c1"));
    }

    @Test
    void removingAnEntryThatIsNotThereChangesNothing() {
        index.reschedule("c1", 0, T);

        index.remove(new Entry(T + 1, "c1"));
        index.remove(new Entry(T, "c11"));

        assertThat(index.dueAt(Long.MAX_VALUE)).containsExactly(new Entry(T, "c1"));
    }

    /**
     * Without the check, a negative time was stored but never came due: as unsigned bytes its key sorts
     * after every positive one, outside the scan from 0 to now, so the customer's check was silently lost.
     */
    @Test
    void aNegativeDueTimeIsRefusedAndLeavesTheIndexUnchanged() {
        index.reschedule("c1", 0, T);

        assertThatThrownBy(() -> index.reschedule("c1", T, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c1")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> index.reschedule("c2", 0, Long.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(index.dueAt(Long.MAX_VALUE)).containsExactly(new Entry(T, "c1"));
        assertThat(entriesInStore()).isEqualTo(1);
    }

    @Test
    void nothingIsDueBeforeTheEpoch() {
        index.reschedule("c1", 0, 1);

        assertThat(index.dueAt(-1)).isEmpty();
        assertThat(index.dueAt(Long.MIN_VALUE)).isEmpty();
        assertThat(index.dueAt(0)).isEmpty();
        assertThat(index.dueAt(1)).containsExactly(new Entry(1, "c1"));
    }

    /**
     * The index has no changelog: a task restored from the states' changelog starts with an empty
     * index, and must find every customer's check again, exactly where the states put it.
     */
    @Test
    void rebuildingFromTheStatesSchedulesEveryCustomersNextCheckAndNothingElse() {
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), CareerMapLoader.loadDefault(),
                LookAhead.DEFAULT);
        KeyValueStore<String, CustomerState> states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("states"),
                Serdes.String(), new CustomerStateSerde()).withLoggingDisabled().build();
        states.init(new MockProcessorContext<>().getStateStoreContext(), states);
        List<Entry> expected = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            String customer = "c" + i;
            CustomerState state = null;
            long at = T - 400L * 86_400_000;
            for (int purchase = 0; purchase <= random.nextInt(4); purchase++) {
                at += (1 + random.nextInt(60)) * 86_400_000L;
                state = career.onTouchpoint(state, new Touchpoint.Purchase("e" + i + "-" + purchase, customer, at,
                        "o" + i + "-" + purchase, 1000, "USD", 1, List.of())).state();
            }
            states.put(customer, state);
            if (state.nextCheckAt() != 0) {
                expected.add(new Entry(state.nextCheckAt(), customer));
            }
        }
        index.reschedule("erased-since", 0, T); // left in the index, no state: stays, and is dropped when due
        expected.add(new Entry(T, "erased-since"));
        expected.sort((x, y) -> x.dueAt() != y.dueAt() ? Long.compare(x.dueAt(), y.dueAt())
                : ChurnTimerIndex.key(x.dueAt(), x.customerId()).compareTo(ChurnTimerIndex.key(y.dueAt(), y.customerId())));

        long scheduled = index.rebuildFrom(states);
        long again = index.rebuildFrom(states);

        assertThat(scheduled).isEqualTo(expected.size() - 1).isEqualTo(again).isPositive();
        assertThat(index.dueAt(Long.MAX_VALUE)).isEqualTo(expected);
        states.close();
    }

    @Test
    void rocksDbOrdersTheKeysLikeTheInMemoryStore(@TempDir Path stateDir) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new java.util.Properties(),
                new TaskId(0, 0), stateDir.toFile());
        KeyValueStore<Bytes, byte[]> rocks = initialised(Stores.persistentKeyValueStore(STORE),
                context);
        try {
            ChurnTimerIndex onRocks = new ChurnTimerIndex(rocks);
            Random random = new Random(11);
            for (int i = 0; i < 500; i++) {
                long dueAt = i % 5 == 0 ? T : 1 + (random.nextLong() >>> 1) % (Long.MAX_VALUE - 1);
                String customer = "c" + random.nextInt(50);
                index.reschedule(customer, 0, dueAt);
                onRocks.reschedule(customer, 0, dueAt);
            }
            long now = 1L << 62;

            List<Entry> expected = index.dueAt(now);
            assertThat(expected).isNotEmpty().isSortedAccordingTo((x, y) -> Long.compare(x.dueAt(), y.dueAt()));
            assertThat(onRocks.dueAt(now)).isEqualTo(expected);
        } finally {
            rocks.close();
        }
    }

    private int entriesInStore() {
        int n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static KeyValueStore<Bytes, byte[]> initialised(KeyValueBytesStoreSupplier supplier,
                                                            MockProcessorContext<?, ?> context) {
        KeyValueStore<Bytes, byte[]> s = Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        return s;
    }
}
