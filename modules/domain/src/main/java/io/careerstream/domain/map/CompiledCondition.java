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
    /** The inputs as features (null for a name that is none), looked up once here rather than by name per decision. */
    private final CustomerFeature[] inputFeatures;
    private final Answer[] answers = new Answer[SLOTS];

    CompiledCondition(CelRuntime.Program program, List<String> inputs) {
        this.program = program;
        this.inputs = inputs.toArray(String[]::new);
        this.inputFeatures = inputs.stream().map(name -> CustomerFeature.byName(name).orElse(null))
                .toArray(CustomerFeature[]::new);
    }

    /** Whether the condition holds for these feature values; one that cannot be evaluated (say, a division by zero) does not. */
    public boolean holds(Map<String, Object> features) {
        Object[] values = new Object[inputs.length];
        FeatureValues computed = features instanceof FeatureValues f ? f : null;
        for (int i = 0; i < inputs.length; i++) {
            values[i] = computed != null && inputFeatures[i] != null ? computed.get(inputFeatures[i]) : features.get(inputs[i]);
        }
        int slot = Arrays.hashCode(values) & (SLOTS - 1);
        Answer known = answers[slot];
        if (known != null && Arrays.equals(known.inputs(), values)) {
            return known.holds();
        }
        boolean holds = evaluate(features);
        answers[slot] = new Answer(values, holds);
        return holds;
    }

    /**
     * The features go in as a resolver, not as a map: CEL copies a map into an immutable one of its
     * own on every evaluation; a resolver is asked only for the variables the condition reaches.
     */
    boolean evaluate(Map<String, Object> features) {
        try {
            return Boolean.TRUE.equals(program.eval((CelVariableResolver) name -> Optional.ofNullable(features.get(name))));
        } catch (CelEvaluationException e) {
            return false;
        }
    }
}
