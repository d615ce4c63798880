package io.careerstream.sandbox.workload;

import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Social mentions as a social platform reports them: keyed by the author's handle, not by a
 * customer id. Some customers' handles are known (an identity link, published before the
 * touchpoints), and a few mentions come from handles nobody ever links, which the pipeline
 * dead-letters as UNRESOLVED_IDENTITY once their wait expires. Seeded, like the rest of the demo.
 */
public final class SocialHandles {

    /** The links to publish and how many mentions were re-keyed by a handle, known or not. */
    public record Identities(List<IdentityLink> links, int aliased, int unknown) {
    }

    private SocialHandles() {
    }

    /**
     * Re-keys, in place, the social mentions of about {@code linkedShare} of the customers who have
     * any by the customer's handle (customerId emptied, alias set), and adds {@code unknownMentions}
     * mentions from handles without a link, spread over the records' time span.
     */
    public static Identities assign(List<TouchpointEvent> events, long seed, double linkedShare, int unknownMentions) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> handles = new LinkedHashMap<>();
        int aliased = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TouchpointEvent event : events) {
            first = Math.min(first, event.getOccurredAt().toEpochMilli());
            last = Math.max(last, event.getOccurredAt().toEpochMilli());
            if (!(event.getPayload() instanceof SocialMention) || event.getCustomerId().isEmpty()) {
                continue;
            }
            String customerId = event.getCustomerId();
            String handle = handles.computeIfAbsent(customerId,
                    id -> random.nextDouble() < linkedShare ? "@fan_" + Integer.toHexString(id.hashCode()) : "");
            if (!handle.isEmpty()) {
                event.setCustomerId("");
                event.setAlias(handle);
                aliased++;
            }
        }
        List<IdentityLink> links = new ArrayList<>();
        long linkedAt = first == Long.MAX_VALUE ? 0 : first;
        handles.forEach((customerId, handle) -> {
            if (!handle.isEmpty()) {
                links.add(new IdentityLink(handle, customerId, Instant.ofEpochMilli(linkedAt)));
            }
        });
        int unknown = 0;
        for (int i = 0; i < unknownMentions && first <= last; i++) {
            long at = first + random.nextLong(Math.max(1, last - first));
            events.add(TouchpointEvent.newBuilder()
                    .setEventId("unlinked-mention-" + seed + "-" + i)
                    .setCustomerId("")
                    .setAlias("@stranger_" + i)
                    .setOccurredAt(Instant.ofEpochMilli(at))
                    .setChannel("social")
                    .setPayload(new SocialMention("social", io.careerstream.contracts.Sentiment.NEUTRAL, 50L, false))
                    .build());
            unknown++;
        }
        return new Identities(links, aliased, unknown);
    }
}
