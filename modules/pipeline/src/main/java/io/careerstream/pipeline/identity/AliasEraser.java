package io.careerstream.pipeline.identity;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Erases, in one identity resolver's task, what it keeps of an erased customer: each link of an
 * alias that points to the customer, the alias's clock (its latest event time) and any touchpoint
 * of the alias still waiting for its link. The waiting touchpoints are dropped, not dead-lettered:
 * a dead letter would copy the erased customer's data to another topic. The store deletes are
 * tombstones in the stores' changelogs; the caller writes the tombstones of the returned aliases
 * to the identity-links topic, so that compaction removes the links there too.
 *
 * <p>An alias that has since been linked to someone else is left alone: it is no longer the
 * erased customer's.
 */
final class AliasEraser {

    private final KeyValueStore<String, String> links;
    private final KeyValueStore<String, Long> aliasClocks;
    private final PendingTouchpoints pending;
    private final CustomerAliases aliases;

    AliasEraser(KeyValueStore<String, String> links, KeyValueStore<String, Long> aliasClocks,
                PendingTouchpoints pending, CustomerAliases aliases) {
        this.links = links;
        this.aliasClocks = aliasClocks;
        this.pending = pending;
        this.aliases = aliases;
    }

    /** Erases the links of this task that point to {@code customerId}; returns their aliases. */
    List<String> erase(String customerId) {
        List<String> unlinked = new ArrayList<>();
        for (String alias : aliases.of(customerId)) {
            aliases.remove(customerId, alias);
            if (!customerId.equals(links.get(alias))) {
                continue; // a stale index entry: the alias moved on or was unlinked
            }
            links.delete(alias);
            aliasClocks.delete(alias);
            pending.removeAlias(alias);
            unlinked.add(alias);
        }
        return unlinked;
    }
}
