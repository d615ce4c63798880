package io.careerstream.pipeline;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.MbgNbd;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plain-Java restatement of the default career map's stage rules and the silence rules, written for obviousness rather than speed:
 * the stage at any instant is recomputed from scratch from the whole history up to that instant,
 * and transitions and alerts are read off the sequence of instants at which anything can change.
 * The production code is incremental (state plus timers); agreeing with this model is the proof
 * that the increments add up to the rules.
 */
final class ReferenceCareerModel {

    private static final long DAY = 86_400_000L;
    /** Loyalty as the default career map (config/career-map.yaml) defines it. */
    private static final int LOYAL_MIN_PURCHASE_DAYS = 4;
    private static final double LOYAL_MAX_INTERVAL_DAYS = 60.0;

    private final LifecyclePolicy policy;
    private final SilencePolicy silence;

    ReferenceCareerModel(LifecyclePolicy policy, SilencePolicy silence) {
        this.policy = policy;
        this.silence = silence;
    }

    /** What the model says happened to one customer, as "STAGE@millis" and "LEVEL@millis" strings. */
    record Result(List<String> transitions, List<String> tracks, List<String> alerts) {
    }

    /** {@code history} in event-time order (resends included); everything due up to {@code end} is judged. */
    Result run(List<Touchpoint> history, long end) {
        List<Touchpoint> events = withoutResends(history);
        TreeSet<Long> instants = new TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            instants.add(events.get(i).occurredAt());
            List<Long> purchases = purchaseTimes(events.subList(0, i + 1));
            if (!purchases.isEmpty()) {
                instants.add(atRiskAt(purchases));
                instants.add(lapsedAt(purchases));
            }
        }
        List<String> transitions = new ArrayList<>();
        List<String> tracks = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        String stage = null;
        String track = "NONE";
        long episode = Long.MIN_VALUE;
        int alerted = 0;
        for (long t : instants.headSet(end, true)) {
            List<Touchpoint> upToT = events.stream().filter(e -> e.occurredAt() <= t).toList();
            String now = stageAt(upToT, t);
            if (!now.equals(stage)) {
                transitions.add(now + "@" + t);
                stage = now;
            }
            String trackNow = trackAt(upToT);
            if (!trackNow.equals(track)) {
                tracks.add(trackNow + "@" + t);
                track = trackNow;
            }
            List<Long> purchases = purchaseTimes(upToT);
            if (purchases.isEmpty()) {
                continue;
            }
            long episodeStart = firstOfLastPurchaseDay(purchases);
            if (episodeStart != episode) {
                episode = episodeStart;
                alerted = 0;
            }
            int level = silenceLevel(purchases, t);
            if (level > alerted) {
                alerts.add((level == 2 ? "LAPSED" : "AT_RISK") + "@" + t);
                alerted = level;
            }
        }
        return new Result(transitions, tracks, alerts);
    }

    /** The default map's career tracks, first that holds. */
    private static String trackAt(List<Touchpoint> events) {
        long purchaseDays = days(purchaseTimes(events));
        int praises = 0, suggestions = 0, inquiries = 0, opens = 0, clicks = 0, positive = 0, negative = 0, referrals = 0;
        for (Touchpoint e : events) {
            if (e instanceof Touchpoint.Inquiry i) {
                inquiries++;
                praises += i.kind() == Touchpoint.InquiryKind.PRAISE ? 1 : 0;
                suggestions += i.kind() == Touchpoint.InquiryKind.SUGGESTION ? 1 : 0;
            } else if (e instanceof Touchpoint.SocialMention m) {
                positive += m.sentiment() == Touchpoint.Sentiment.POSITIVE ? 1 : 0;
                negative += m.sentiment() == Touchpoint.Sentiment.NEGATIVE ? 1 : 0;
                referrals += m.referral() ? 1 : 0;
            } else if (e instanceof Touchpoint.EmailEngagement m) {
                opens += m.action() == Touchpoint.EmailAction.OPEN ? 1 : 0;
                clicks += m.action() == Touchpoint.EmailAction.CLICK ? 1 : 0;
            }
        }
        if (purchaseDays >= 3 && praises >= 1 && (clicks >= 1 || positive >= 1)) {
            return "DEVOTEE";
        }
        if (purchaseDays >= 1 && (referrals >= 1 || positive >= 2)) {
            return "AMBASSADOR";
        }
        if (purchaseDays >= 2 && suggestions >= 1) {
            return "ADVISOR";
        }
        if (purchaseDays >= 3 && opens + clicks == 0 && inquiries == 0 && positive + negative == 0) {
            return "HABITUAL";
        }
        return "NONE";
    }

    private String stageAt(List<Touchpoint> events, long t) {
        List<Long> purchases = purchaseTimes(events);
        if (purchases.isEmpty()) {
            return "PROSPECT";
        }
        int level = silenceLevel(purchases, t);
        if (level == 2) {
            return "LAPSED";
        }
        if (level == 1) {
            return "AT_RISK";
        }
        int openComplaints = 0;
        Touchpoint.Sentiment lastSentiment = null;
        for (Touchpoint e : events) {
            if (e instanceof Touchpoint.Inquiry i && i.kind() == Touchpoint.InquiryKind.COMPLAINT) {
                openComplaints = i.resolved() ? Math.max(0, openComplaints - 1) : openComplaints + 1;
            } else if (e instanceof Touchpoint.SocialMention m) {
                lastSentiment = m.sentiment();
            }
        }
        if (openComplaints > 0 || lastSentiment == Touchpoint.Sentiment.NEGATIVE) {
            return "AT_RISK";
        }
        if (boughtAgainAfterLapse(purchases)) {
            return "REACTIVATED";
        }
        long days = days(purchases);
        double mean = meanIntervalDays(purchases);
        List<Long> mainLine = mainCategoryDays(events);
        if (mainLine == null ? days >= LOYAL_MIN_PURCHASE_DAYS && mean <= LOYAL_MAX_INTERVAL_DAYS
                : mainLine.size() >= LOYAL_MIN_PURCHASE_DAYS
                        && (double) (mainLine.get(mainLine.size() - 1) - mainLine.get(0)) / (mainLine.size() - 1)
                                <= LOYAL_MAX_INTERVAL_DAYS) {
            return "LOYAL";
        }
        return days >= 2 ? "ACTIVE" : "NEW";
    }

    /**
     * The purchase days (UTC epoch days, ascending) of the customer's main category: the one with
     * the most purchase days; on a tie the one bought last (within one purchase, the category listed
     * last). Null without categories. (The default map's LOYAL judges the main line; no category is
     * ever dropped here, as the property test uses fewer than the eight kept.)
     */
    private static List<Long> mainCategoryDays(List<Touchpoint> events) {
        java.util.Map<String, java.util.TreeSet<Long>> days = new java.util.HashMap<>();
        java.util.Map<String, Long> lastBought = new java.util.HashMap<>();
        long sequence = 0;
        for (Touchpoint e : events) {
            if (e instanceof Touchpoint.Purchase p) {
                for (String category : p.categories().stream().distinct().toList()) {
                    days.computeIfAbsent(category, c -> new java.util.TreeSet<>()).add(Math.floorDiv(p.occurredAt(), DAY));
                    lastBought.put(category, sequence++);
                }
            }
        }
        String main = null;
        for (String category : days.keySet()) {
            if (main == null || days.get(category).size() > days.get(main).size()
                    || days.get(category).size() == days.get(main).size() && recency(days, lastBought, category)
                            > recency(days, lastBought, main)) {
                main = category;
            }
        }
        return main == null ? null : new ArrayList<>(days.get(main));
    }

    /** Orders by last purchase day, then by when it was last bought. */
    private static double recency(java.util.Map<String, java.util.TreeSet<Long>> days, java.util.Map<String, Long> lastBought,
                                  String category) {
        return days.get(category).last() * 1e9 + lastBought.get(category);
    }

    /** The latest purchase day began while the customer was lapsed. */
    private boolean boughtAgainAfterLapse(List<Long> purchases) {
        long start = firstOfLastPurchaseDay(purchases);
        List<Long> before = purchases.stream().filter(p -> p < start).toList();
        return !before.isEmpty() && silenceLevel(before, start - 1) == 2;
    }

    private int silenceLevel(List<Long> purchases, long t) {
        if (t >= lapsedAt(purchases)) {
            return 2;
        }
        return t >= atRiskAt(purchases) ? 1 : 0;
    }

    private long atRiskAt(List<Long> purchases) {
        return silence.rule() == SilencePolicy.Rule.CADENCE ? threshold(purchases, policy.atRiskFactor())
                : modelThreshold(purchases, silence.atRiskProbabilityAlive());
    }

    private long lapsedAt(List<Long> purchases) {
        return silence.rule() == SilencePolicy.Rule.CADENCE ? threshold(purchases, policy.lapsedFactor())
                : modelThreshold(purchases, silence.lapsedProbabilityAlive());
    }

    /** When MBG/NBD's P(alive) falls below the threshold, but never within the minimum interval of the last purchase. */
    private long modelThreshold(List<Long> purchases, double threshold) {
        int x = (int) days(purchases) - 1;
        long first = purchases.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = purchases.stream().mapToLong(Long::longValue).max().orElseThrow();
        double tx = x == 0 ? 0 : (double) (last - first) / (7 * DAY);
        double age = MbgNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(ChurnModelParameters.CDNOW.mbgNbd(), x, tx, threshold);
        return Math.max(first + Math.round(age * 7 * DAY), last + Math.round(policy.minIntervalDays() * DAY));
    }

    private long threshold(List<Long> purchases, double factor) {
        double mean = meanIntervalDays(purchases);
        double expected = Double.isNaN(mean) ? policy.defaultIntervalDays() : Math.max(policy.minIntervalDays(), mean);
        long last = purchases.stream().mapToLong(Long::longValue).max().orElseThrow();
        return last + Math.round(factor * expected * DAY);
    }

    private static double meanIntervalDays(List<Long> purchases) {
        long days = days(purchases);
        if (days < 2) {
            return Double.NaN;
        }
        long first = purchases.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = purchases.stream().mapToLong(Long::longValue).max().orElseThrow();
        return (double) (last - first) / DAY / (days - 1);
    }

    private static long days(List<Long> purchases) {
        return purchases.stream().map(p -> Math.floorDiv(p, DAY)).distinct().count();
    }

    private static long firstOfLastPurchaseDay(List<Long> purchases) {
        long lastDay = purchases.stream().mapToLong(p -> Math.floorDiv(p, DAY)).max().orElseThrow();
        return purchases.stream().filter(p -> Math.floorDiv(p, DAY) == lastDay).mapToLong(Long::longValue).min().orElseThrow();
    }

    private static List<Long> purchaseTimes(List<Touchpoint> events) {
        List<Long> times = new ArrayList<>();
        for (Touchpoint e : events) {
            if (e instanceof Touchpoint.Purchase p) {
                times.add(p.occurredAt());
            }
        }
        return times;
    }

    private static List<Touchpoint> withoutResends(List<Touchpoint> history) {
        Set<String> seen = new HashSet<>();
        return history.stream().filter(e -> seen.add(e.deduplicationKey())).toList();
    }
}
