package io.careerstream.churn;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;

/**
 * A "buy till you die" model: customers buy at their own rate while alive and drop out
 * unobserved. Parameters are an array in the order of {@link #parameterNames()}; time is in weeks.
 */
public interface RepeatPurchaseModel {

    /** Names {@link #named} accepts, for error messages and help. */
    String NAMES = "mbgnbd, bgnbd, paretonbd, mbgcnbd (regularity k estimated), mbgcnbd-K (k fixed, e.g. mbgcnbd-3) "
            + "or mbgcnbd-mix (regularity per customer)";

    /**
     * The model called {@code name}: {@code mbgnbd}, {@code bgnbd}, {@code paretonbd} or
     * {@code mbgcnbd-K} or {@code mbgcnbd-mix}; case, a slash and a hyphen before "nbd" ignored ("MBG/NBD", "Pareto/NBD",
     * "MBG/CNBD-3", "MBG/CNBD-mix" work too). Plain {@code mbgcnbd} (k to be estimated) is not one model: see
     * {@link MbgCnbd#fit}.
     *
     * @throws IllegalArgumentException for any other name
     */
    static RepeatPurchaseModel named(String name) {
        String key = name.toLowerCase(Locale.ROOT).replace("/", "");
        Matcher regular = Pattern.compile("mbgcnbd-?(\\d{1,3})").matcher(key);
        if (regular.matches()) {
            return MbgCnbd.of(Integer.parseInt(regular.group(1)));
        }
        return switch (key) {
            case "mbgnbd" -> MbgNbd.INSTANCE;
            case "bgnbd" -> BgNbd.INSTANCE;
            case "paretonbd" -> ParetoNbd.INSTANCE;
            case "mbgcnbd-mix", "mbgcnbdmix" -> RegularityMixture.INSTANCE;
            default -> throw new IllegalArgumentException("Unknown model '" + name + "': use " + NAMES);
        };
    }

    String name();

    List<String> parameterNames();

    /** Log-likelihood of one customer's history. */
    double logLikelihood(double[] parameters, PurchaseSummary customer);

    /** Probability the customer is still alive at the end of their observation. */
    double probabilityAlive(double[] parameters, PurchaseSummary customer);

    /** Expected purchases in the next {@code t} weeks, given the history. */
    double conditionalExpectedPurchases(double[] parameters, PurchaseSummary customer, double t);

    /** Expected purchases of a new customer in their first {@code t} weeks (first purchase excluded). */
    double expectedPurchases(double[] parameters, double t);

    /** How regular purchases are: the Erlang shape k of the intervals (1 = Poisson purchasing). */
    default int regularity() {
        return 1;
    }

    /**
     * The age T (weeks since the first purchase) at which P(alive) of a customer with {@code x}
     * repeat purchases, the last at {@code tx}, falls to {@code threshold} if they stay silent;
     * never earlier than {@code tx}. P(alive) only falls with silence, so the crossing is one root,
     * found by Hipparchus' bracketing Brent solver after doubling the bracket until it holds it.
     */
    default double ageWhenProbabilityAliveFallsTo(double[] parameters, int x, double tx, double threshold) {
        return ageWhenProbabilityAliveFallsTo(parameters, new PurchaseSummary(x, x == 0 ? 0 : tx, x == 0 ? 0 : tx), threshold);
    }

    /**
     * As {@link #ageWhenProbabilityAliveFallsTo(double[], int, double, double)} for the history in
     * {@code history} (its T is ignored), for models that read more of it than x and t_x (the
     * intervals, for a per-customer regularity).
     */
    default double ageWhenProbabilityAliveFallsTo(double[] parameters, PurchaseSummary history, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("P(alive) threshold must be in (0, 1), was " + threshold);
        }
        int x = history.x();
        double start = history.tx();
        double logIntervals = history.logIntervalSum();
        // Compared as log-odds, which stay well scaled where P(alive) is close to 0 or 1.
        double target = Math.log(threshold / (1 - threshold));
        java.util.function.DoubleUnaryOperator excess = T -> {
            double alive = probabilityAlive(parameters, new PurchaseSummary(x, start, T, 0, logIntervals));
            return Math.log(alive) - Math.log1p(-alive) - target;
        };
        if (excess.applyAsDouble(start) <= 0) {
            return start;
        }
        double lo = start;
        double hi = start + 1;
        while (excess.applyAsDouble(hi) > 0) {
            lo = hi;
            hi = start + 2 * (hi - start);
            if (hi - start > 1e7) {
                return Double.POSITIVE_INFINITY; // P(alive) never falls that low within any horizon that matters
            }
        }
        return new BracketingNthOrderBrentSolver(1e-12, 1e-10, 1e-14, 5).solve(10_000, excess::applyAsDouble, lo, hi);
    }

    /**
     * The total log-likelihood of {@code customers} as a function of the parameters, for a fit: the sum of
     * {@link #logLikelihood} over the customers, to rounding. The models here take each distinct history
     * once and spread the sum over the cores; this default adds the customers up one by one.
     */
    default ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return p -> totalLogLikelihood(p, customers.summaries());
    }

    default double totalLogLikelihood(double[] parameters, List<PurchaseSummary> customers) {
        double sum = 0;
        for (PurchaseSummary c : customers) {
            sum += logLikelihood(parameters, c);
        }
        return sum;
    }
}
