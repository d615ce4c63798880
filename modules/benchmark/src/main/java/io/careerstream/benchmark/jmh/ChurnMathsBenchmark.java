package io.careerstream.benchmark.jmh;

import io.careerstream.domain.AlertLevel;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The churn model applied to one customer: what the features, the figures and the planner call. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChurnMathsBenchmark {

    private ChurnMaths churn;
    private CustomerState buyer;
    private long now;

    @Setup
    public void setUp() {
        CustomerCareer career = Customers.career();
        churn = career.churnMaths();
        buyer = Customers.repeatBuyer(career, "buyer", 4, 45);
        now = buyer.evaluatedAt() + 60 * Customers.DAY;
    }

    @Benchmark
    public double probabilityAlive() {
        return churn.probabilityAlive(buyer, now);
    }

    @Benchmark
    public double expectedPurchases90Days() {
        return churn.expectedPurchases(buyer, now, 90);
    }

    @Benchmark
    public double expectedSpendPerPurchase() {
        return churn.expectedSpendPerPurchase(buyer);
    }

    @Benchmark
    public AlertLevel silenceLevel() {
        return churn.silenceLevel(buyer, now);
    }

    @Benchmark
    public long atRiskCrossing() {
        return churn.atRiskAt(buyer);
    }
}
