package io.careerstream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A derived event id names the fact: the same for the same content, another for any other. */
class EventIdsTest {

    private static TouchpointEvent open(String eventId, String customer, EmailAction action) {
        return TouchpointEvent.newBuilder().setEventId(eventId).setCustomerId(customer)
                .setOccurredAt(Instant.parse("2025-03-01T10:00:00Z")).setChannel("esp")
                .setPayload(new EmailEngagement("spring", action, null, false)).build();
    }

    @Test
    void theSameFactGetsTheSameIdWhateverIdItCarried() {
        String id = EventIds.derive(open("", "c1", EmailAction.OPEN));
        assertThat(id).startsWith(EventIds.PREFIX).hasSize(EventIds.PREFIX.length() + 32);
        assertThat(EventIds.derive(open("anything", "c1", EmailAction.OPEN))).isEqualTo(id);
        assertThat(EventIds.withId(open("", "c1", EmailAction.OPEN)).getEventId()).isEqualTo(id);
        assertThat(EventIds.derive(open("", "c2", EmailAction.OPEN))).isNotEqualTo(id);
        assertThat(EventIds.derive(open("", "c1", EmailAction.CLICK))).isNotEqualTo(id);
    }

    @Test
    void anIdGivenIsKept() {
        assertThat(EventIds.withId(open("esp-1", "c1", EmailAction.OPEN)).getEventId()).isEqualTo("esp-1");
    }
}
