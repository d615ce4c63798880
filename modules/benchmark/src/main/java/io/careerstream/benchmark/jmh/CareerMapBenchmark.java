package io.careerstream.benchmark.jmh;

import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMap;
import java.util.List;
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

/**
 * The career-map evaluator: the default map's decision for a repeat buyer and a prospect (features
 * computed, every CEL condition evaluated as needed), and a whole touchpoint through the domain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CareerMapBenchmark {

    private CustomerCareer career;
    private CustomerState loyal;
    private CustomerState prospect;
    private long later;
    private Touchpoint nextPurchase;

    @Setup
    public void setUp() {
        career = Customers.career();
        loyal = Customers.repeatBuyer(career, "loyal", 6, 30);
        prospect = Customers.prospect(career, "prospect");
        later = loyal.evaluatedAt() + 20 * Customers.DAY;
        nextPurchase = new Touchpoint.Purchase("loyal-next", "loyal", later, "loyal-next-order", 2_500, "USD", 1,
                List.of("music"));
    }

    @Benchmark
    public CareerMap.Decision decideRepeatBuyer() {
        return career.decide(loyal, later);
    }

    @Benchmark
    public CareerMap.Decision decideProspect() {
        return career.decide(prospect, prospect.evaluatedAt() + Customers.DAY);
    }

    @Benchmark
    public CareerOutcome purchaseThroughTheDomain() {
        return career.onTouchpoint(loyal, nextPurchase);
    }
}
