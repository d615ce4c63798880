package io.careerstream.pipeline.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The erasure of a customer's aliases, told to every partition. An erasure request lands in the
 * task that owns the customer (keyed by customer id), but the customer's identity links live in
 * the tasks of their aliases' partitions (keyed by alias), which only the resolvers there can
 * find. So once the customer is erased, the eraser writes a copy of the request back to
 * {@code erasure-requests}, to every partition, marked with the header {@value #ALIASES}; each
 * partition's identity resolver then erases the links pointing to the customer. The customer's
 * own eraser ignores these copies: the customer is already gone.
 */
public final class ErasureFanOut {

    public static final String ALIASES = "careerstream.erasure.aliases";

    private ErasureFanOut() {
    }

    /** The headers of the copy that asks every partition to erase the customer's aliases. */
    public static Headers aliasesOfCustomer() {
        return new RecordHeaders().add(ALIASES, "1".getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a record on the erasure topic is such a copy (and not an operator's request). */
    public static boolean isAliasErasure(Headers headers) {
        return headers != null && headers.lastHeader(ALIASES) != null;
    }
}
