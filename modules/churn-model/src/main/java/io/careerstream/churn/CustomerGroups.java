package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers grouped by what the likelihoods read, so that a fit evaluates each distinct history once:
 * customers with the same x, t_x and T share one likelihood term, weighted by their number. Times and
 * purchase counts are numbered too, so that what depends on the parameters and only one of them
 * ({@code log(alpha + T)}, {@code logGamma(r + x)}) is computed once per value, not once per customer.
 *
 * <p>What a group does not settle is kept per customer, in group order: the log-sum of the intervals
 * (the regularity mixture weighs its classes by it) and the mean spend (Gamma-Gamma, grouped apart by
 * x and mean spend).
 */
public final class CustomerGroups {

    private record Key(int x, double tx, double T, boolean intervals) {
    }

    private record SpendKey(int x, double meanSpend) {
    }

    private final List<PurchaseSummary> customers;
    /** The distinct repeat-purchase counts, ascending. */
    final int[] xValues;
    /** The distinct times (t_x and T alike), ascending. */
    final double[] times;
    /** Per group: index into {@link #xValues}, into {@link #times} for t_x and for T, and the customers in it. */
    final int[] xIndex;
    final int[] txIndex;
    final int[] tIndex;
    final double[] count;
    /** Per group: whether its customers' intervals are known (their log-sums are then in {@link #logIntervals}). */
    final boolean[] intervalsKnown;
    /** The customers of group g are {@code firstCustomer[g] .. firstCustomer[g + 1] - 1} in {@link #logIntervals}. */
    final int[] firstCustomer;
    final double[] logIntervals;
    /**
     * Repeat buyers with a positive mean spend, by distinct (x, mean spend): what Gamma-Gamma reads. Per
     * spend group: index into {@link #spendXValues}, the mean, its logarithm and the customers in it.
     */
    final int[] spendXValues;
    final int[] spendXIndex;
    final double[] spendMean;
    final double[] spendLogMean;
    final double[] spendCount;
    private final boolean allIntervalsKnown;

    private CustomerGroups(List<PurchaseSummary> customers) {
        this.customers = List.copyOf(customers);
        Map<Key, Integer> groupOf = new HashMap<>();
        int[] customerGroup = new int[customers.size()];
        double[] allTimes = new double[2 * customers.size()];
        int[] allX = new int[customers.size()];
        boolean everyInterval = true;
        for (int i = 0; i < customers.size(); i++) {
            PurchaseSummary c = customers.get(i);
            Key key = new Key(c.x(), c.tx(), c.T(), c.hasIntervals());
            Integer g = groupOf.putIfAbsent(key, groupOf.size());
            customerGroup[i] = g == null ? groupOf.size() - 1 : g;
            allTimes[2 * i] = c.tx();
            allTimes[2 * i + 1] = c.T();
            allX[i] = c.x();
            everyInterval &= c.hasIntervals();
        }
        allIntervalsKnown = everyInterval;
        xValues = Arrays.stream(allX).sorted().distinct().toArray();
        times = Arrays.stream(allTimes).sorted().distinct().toArray();
        int groups = groupOf.size();
        xIndex = new int[groups];
        txIndex = new int[groups];
        tIndex = new int[groups];
        count = new double[groups];
        intervalsKnown = new boolean[groups];
        groupOf.forEach((key, g) -> {
            xIndex[g] = Arrays.binarySearch(xValues, key.x());
            txIndex[g] = Arrays.binarySearch(times, key.tx());
            tIndex[g] = Arrays.binarySearch(times, key.T());
            intervalsKnown[g] = key.intervals();
        });
        for (int g : customerGroup) {
            count[g]++;
        }
        firstCustomer = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            firstCustomer[g + 1] = firstCustomer[g] + (int) count[g];
        }
        logIntervals = new double[customers.size()];
        int[] next = Arrays.copyOf(firstCustomer, groups);
        for (int i = 0; i < customers.size(); i++) {
            logIntervals[next[customerGroup[i]]++] = customers.get(i).logIntervalSum();
        }

        Map<SpendKey, Integer> spendGroupOf = new HashMap<>();
        for (PurchaseSummary c : customers) {
            if (c.x() > 0 && c.meanRepeatSpend() > 0) {
                spendGroupOf.merge(new SpendKey(c.x(), c.meanRepeatSpend()), 1, Integer::sum);
            }
        }
        spendXValues = spendGroupOf.keySet().stream().mapToInt(SpendKey::x).sorted().distinct().toArray();
        spendXIndex = new int[spendGroupOf.size()];
        spendMean = new double[spendGroupOf.size()];
        spendLogMean = new double[spendGroupOf.size()];
        spendCount = new double[spendGroupOf.size()];
        int s = 0;
        for (Map.Entry<SpendKey, Integer> e : spendGroupOf.entrySet()) {
            spendXIndex[s] = Arrays.binarySearch(spendXValues, e.getKey().x());
            spendMean[s] = e.getKey().meanSpend();
            spendLogMean[s] = Math.log(spendMean[s]);
            spendCount[s] = e.getValue();
            s++;
        }
    }

    /** Groups {@code customers} (any order; each is counted once per occurrence). */
    public static CustomerGroups of(List<PurchaseSummary> customers) {
        return new CustomerGroups(customers);
    }

    /** The customers as given. */
    public List<PurchaseSummary> summaries() {
        return customers;
    }

    public int customers() {
        return customers.size();
    }

    /** Distinct (x, t_x, T) histories (apart again where only some customers' intervals are known): the terms a fit evaluates. */
    public int groups() {
        return count.length;
    }

    /** Whether every customer's intervals are known (needed to fit a regularity k > 1 or the mixture). */
    public boolean allIntervalsKnown() {
        return allIntervalsKnown;
    }

    /**
     * The part of MBG/CNBD-k's log-likelihood that does not depend on the parameters, summed over the
     * customers: the Erlang densities' lambda-free factor (see {@link MbgCnbd#logTerms}); 0 for k = 1.
     */
    double regularityConstant(int k) {
        if (k == 1) {
            return 0;
        }
        double sum = 0;
        double logGammaK = logGamma(k);
        for (PurchaseSummary c : customers) {
            int x = c.x();
            if (x > 0) {
                sum += c.hasIntervals() ? (k - 1) * c.logIntervalSum() - x * logGammaK
                        : MbgCnbd.unknownIntervalsFactor(k, x, c.tx());
            }
        }
        return sum;
    }
}
