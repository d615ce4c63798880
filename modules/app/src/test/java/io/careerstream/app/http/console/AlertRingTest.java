package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's memory for a console that connects later: the newest alerts, oldest first, never more than its capacity. */
class AlertRingTest {

    @Test
    void keepsTheNewestInOrderAndNoMore() {
        AlertRing ring = new AlertRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add("a" + i);
        }
        List<String> seen = new ArrayList<>();
        ring.forEach(seen::add);
        assertThat(seen).containsExactly("a3", "a4", "a5");
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void refusesNoRoom() {
        assertThatThrownBy(() -> new AlertRing(0)).hasMessageContaining("at least 1");
    }
}
