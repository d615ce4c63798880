package io.careerstream.domain.map;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One compiled condition of a career map, and a small memory of its recent answers keyed by the
 * values of the features it reads.
 *
 * <p>Why the memory: the CEL interpreter costs about a microsecond even for
 * {@code purchaseDays >= 4 && meanIntervalDays <= 60.0}, and a decision asks up to fifteen
 * conditions, while the inputs of most conditions (counts, flags, a silence level) take few
 * distinct values across all customers. A condition reads nothing but its features (no clock, no
 * I/O), so its answer for the same values is the same, and looking it up costs a fraction of
 * evaluating it. The memory is a fixed table indexed by the values' hash, each slot holding one
 * immutable entry: no eviction bookkeeping, no lock (several stream threads share a map; a lost
 * write only costs a later evaluation), bounded size.
 */
public final class CompiledCondition {

    private static final int SLOTS = 512; // a power of two

    private record Answer(Object[] inputs, boolean holds) {
    }

    private final CelRuntime.Program program;
    private final String[] inputs;
    /** The same features as {@link #inputs}, to read a {@link FeatureValues} by position rather than by name. */
    private final CustomerFeature[] features;
    private final Answer[] answers = new Answer[SLOTS];

    CompiledCondition(CelRuntime.Program program, List<String> inputs) {
        this.program = program;
        this.inputs = inputs.toArray(String[]::new);
        this.features = inputs.stream().map(CustomerFeature::named).toArray(CustomerFeature[]::new);
    }

    /** Whether the condition holds for these feature values; one that cannot be evaluated (say, a division by zero) does not. */
    public boolean holds(Map<String, Object> features) {
        Object[] values = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = features instanceof FeatureValues computed && this.features[i] != null
                    ? computed.value(this.features[i]) : features.get(inputs[i]);
        }
        int slot = Arrays.hashCode(values) & (SLOTS - 1);
        Answer known = answers[slot];
        if (known != null && Arrays.equals(known.inputs(), values)) {
            return known.holds();
        }
        boolean holds = evaluate(values, features);
        answers[slot] = new Answer(values, holds);
        return holds;
    }

    /** A fresh evaluation, without the memory (what the memory's answers must agree with). */
    boolean evaluate(Map<String, Object> features) {
        Object[] values = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = features.get(inputs[i]);
        }
        return evaluate(values, features);
    }

    /**
     * The features go in as a resolver, not as a map: CEL copies a map into an immutable one of its
     * own on every evaluation; a resolver is asked only for the variables the condition reaches.
     * The resolver answers from the values already read for the memory's key, comparing the name
     * with the few the condition reads before any lookup in the map.
     */
    private boolean evaluate(Object[] values, Map<String, Object> features) {
        CelVariableResolver resolver = name -> {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].equals(name)) {
                    return Optional.ofNullable(values[i]);
                }
            }
            return Optional.ofNullable(features.get(name));
        };
        try {
            return Boolean.TRUE.equals(program.eval(resolver));
        } catch (CelEvaluationException e) {
            return false;
        }
    }
}
