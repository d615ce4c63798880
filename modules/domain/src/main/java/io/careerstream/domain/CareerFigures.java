package io.careerstream.domain;

import io.careerstream.domain.map.CareerMap;
import java.util.Set;

/**
 * What a customer's profile shows beside the stored state: the churn model's figures and the
 * map's do-not-contact reasons, all at the state's latest evaluation ({@code evaluatedAt}) and
 * with the churn model parameters in force then. Computed once per outcome by
 * {@link CustomerCareer}, so that whoever publishes them only copies.
 *
 * @param meanIntervalDays own mean days between purchase days; NaN below two purchase days
 * @param expectedIntervalDays own mean interval floored at the minimum, or the default for a
 *     customer without a rhythm yet
 * @param probabilityAlive MBG/NBD's P(alive); NaN for a non-buyer
 * @param expectedPurchases30d MBG/NBD's expected purchase days in the next 30 days; NaN for a non-buyer
 * @param expectedPurchases90d the same in the next 90 days; NaN for a non-buyer
 * @param expectedValue90d expected purchases in 90 days x Gamma-Gamma's expected spend per
 *     purchase, major currency units; NaN for a non-buyer
 * @param doNotContactReasons the reasons of the map's do-not-contact conditions that hold
 */
public record CareerFigures(double meanIntervalDays, double expectedIntervalDays, double probabilityAlive,
                            double expectedPurchases30d, double expectedPurchases90d, double expectedValue90d,
                            Set<String> doNotContactReasons) {

    public CareerFigures {
        doNotContactReasons = Set.copyOf(doNotContactReasons);
    }

    /** The figures of {@code s} at its {@code evaluatedAt}; {@code decision} is the map's decision then. */
    static CareerFigures of(CustomerState s, ChurnMaths churn, CareerMap.Decision decision) {
        long at = s.evaluatedAt;
        // The expectations sum a hypergeometric series: each is computed once.
        double purchases90 = churn.expectedPurchases(s, at, 90);
        return new CareerFigures(s.meanIntervalDays(), churn.expectedIntervalDays(s), churn.probabilityAlive(s, at),
                churn.expectedPurchases(s, at, 30), purchases90, purchases90 * churn.expectedSpendPerPurchase(s),
                decision.doNotContactReasons());
    }
}
