package io.careerstream.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SocialHandlesTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");

    @Test
    void linkedCustomersMentionsAreKeyedByTheirHandleAndUnknownHandlesAreAdded() {
        List<TouchpointEvent> events = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            events.add(event("c" + c, c, new SocialMention("social", Sentiment.POSITIVE, 10L, false)));
            events.add(event("c" + c, c + 1, new SocialMention("social", Sentiment.NEGATIVE, 10L, false)));
            events.add(event("c" + c, c + 2, new EmailEngagement("n", EmailAction.OPEN, null, false)));
        }

        SocialHandles.Identities identities = SocialHandles.assign(events, 5, 0.5, 3);

        Map<String, String> customerByHandle = identities.links().stream()
                .collect(Collectors.toMap(IdentityLink::getAlias, IdentityLink::getCustomerId));
        assertThat(customerByHandle).isNotEmpty().hasSizeLessThan(40);
        List<TouchpointEvent> aliased = events.stream().filter(e -> e.getCustomerId().isEmpty()).toList();
        assertThat(aliased).hasSize(identities.aliased() + identities.unknown());
        assertThat(identities.aliased()).isEqualTo(2 * customerByHandle.size());
        assertThat(identities.unknown()).isEqualTo(3);
        assertThat(aliased).allSatisfy(e -> assertThat(e.getPayload()).isInstanceOf(SocialMention.class));
        assertThat(aliased.stream().filter(e -> !customerByHandle.containsKey(e.getAlias())).count()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e.getPayload() instanceof EmailEngagement)
                .allMatch(e -> !e.getCustomerId().isEmpty())).as("only mentions are re-keyed").isTrue();
        assertThat(DemoWorkload.Outgoing.of(aliased.get(0)).key()).isEqualTo(aliased.get(0).getAlias());
    }

    private static TouchpointEvent event(String customerId, int day, Object payload) {
        return TouchpointEvent.newBuilder().setEventId(customerId + "-" + day + "-" + payload.getClass().getSimpleName())
                .setCustomerId(customerId).setOccurredAt(T0.plusSeconds(86_400L * day)).setChannel("social")
                .setPayload(payload).build();
    }
}
