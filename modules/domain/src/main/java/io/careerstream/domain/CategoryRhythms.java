package io.careerstream.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer's buying rhythm per product category, for the N categories bought most recently
 * (N from the career map's {@code settings.maxCategories}; the state budget). Buying coffee every
 * 14 days is loyalty for a coffee shop, a second appliance within three years for an appliance
 * maker: the map reads both from here.
 *
 * <p>Per category: the first and the last purchase day, the number of distinct purchase days,
 * the sum of squared intervals between successive purchase days (for the spread), and the spend
 * (a purchase's amount split evenly over its categories, so the categories add up to the total).
 * When a purchase brings a category beyond N, the category whose last purchase is oldest is
 * dropped with everything known about it; if bought again it starts afresh.
 *
 * <p>Order: a purchase day before the category's last (a late purchase, within the pipeline's
 * late grace) keeps the mean interval exact — it depends only on the first and last day and the
 * count — while the spread treats the day as if it had come last (the days in between are not
 * kept). A late purchase on the category's first or last day is recognised as the same day; one
 * on a day in between would count as a new day.
 */
public final class CategoryRhythms {

    /** One category's rhythm. Days are UTC epoch days. */
    public static final class Rhythm {
        final String name;
        long firstDay;
        long lastDay;
        int purchaseDays;
        long sumSquaredIntervals;
        long spendMinor;

        Rhythm(String name, long firstDay, long lastDay, int purchaseDays, long sumSquaredIntervals, long spendMinor) {
            this.name = name;
            this.firstDay = firstDay;
            this.lastDay = lastDay;
            this.purchaseDays = purchaseDays;
            this.sumSquaredIntervals = sumSquaredIntervals;
            this.spendMinor = spendMinor;
        }

        public String name() {
            return name;
        }

        public int purchaseDays() {
            return purchaseDays;
        }

        public long lastDay() {
            return lastDay;
        }

        public long spendMinor() {
            return spendMinor;
        }

        /** Mean days between purchase days; NaN below two purchase days. */
        public double meanIntervalDays() {
            return purchaseDays < 2 ? Double.NaN : (double) (lastDay - firstDay) / (purchaseDays - 1);
        }

        /** Standard deviation / mean of the intervals; NaN below three purchase days or a zero mean. */
        public double intervalCv() {
            if (purchaseDays < 3) {
                return Double.NaN;
            }
            int n = purchaseDays - 1;
            double mean = meanIntervalDays();
            double variance = Math.max(0, (double) sumSquaredIntervals / n - mean * mean);
            return mean == 0 ? Double.NaN : Math.sqrt(variance) / mean;
        }

        Rhythm copy() {
            return new Rhythm(name, firstDay, lastDay, purchaseDays, sumSquaredIntervals, spendMinor);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rhythm r && name.equals(r.name) && firstDay == r.firstDay && lastDay == r.lastDay
                    && purchaseDays == r.purchaseDays && sumSquaredIntervals == r.sumSquaredIntervals
                    && spendMinor == r.spendMinor;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, lastDay, purchaseDays);
        }
    }

    /** Most recently bought first. */
    private final List<Rhythm> rhythms = new ArrayList<>();

    public int size() {
        return rhythms.size();
    }

    public Rhythm get(int i) {
        return rhythms.get(i);
    }

    /** The category's rhythm, or null if it is not (or no longer) kept. */
    public Rhythm find(String name) {
        for (Rhythm r : rhythms) {
            if (r.name.equals(name)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The category with the most purchase days (the most recent on a tie): the customer's main
     * category, or null without categories.
     */
    public Rhythm main() {
        Rhythm main = null;
        for (Rhythm r : rhythms) {
            if (main == null || r.purchaseDays > main.purchaseDays) {
                main = r;
            }
        }
        return main;
    }

    /** Records a purchase on {@code day} of {@code spendMinor} in each of {@code categories} (already shared out). */
    void record(List<String> categories, long day, long spendMinor, int maxCategories) {
        for (String name : categories) {
            Rhythm r = find(name);
            if (r == null) {
                r = new Rhythm(name, day, day, 1, 0, spendMinor);
            } else {
                rhythms.remove(r);
                r.spendMinor += spendMinor;
                if (day != r.firstDay && day != r.lastDay) {
                    long interval = day > r.lastDay ? day - r.lastDay : r.firstDay > day ? r.firstDay - day : 0;
                    r.sumSquaredIntervals += interval * interval;
                    r.purchaseDays++;
                    r.firstDay = Math.min(r.firstDay, day);
                    r.lastDay = Math.max(r.lastDay, day);
                }
            }
            insertByRecency(r);
        }
        while (rhythms.size() > maxCategories) {
            rhythms.remove(rhythms.size() - 1);
        }
    }

    private void insertByRecency(Rhythm r) {
        int at = 0;
        while (at < rhythms.size() && rhythms.get(at).lastDay > r.lastDay) {
            at++;
        }
        rhythms.add(at, r);
    }

    /** For the codec: appends a decoded rhythm (they are encoded most recent first). */
    void append(Rhythm r) {
        rhythms.add(r);
    }

    CategoryRhythms copy() {
        CategoryRhythms c = new CategoryRhythms();
        rhythms.forEach(r -> c.rhythms.add(r.copy()));
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryRhythms c && rhythms.equals(c.rhythms);
    }

    @Override
    public int hashCode() {
        return rhythms.hashCode();
    }
}
