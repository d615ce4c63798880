package io.careerstream.benchmark.jmh;

import io.careerstream.domain.LookAhead;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import java.util.List;

/** Representative customers for the microbenchmarks, built through the domain itself. */
final class Customers {

    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L;

    /** The default career map and churn model, as the pipeline runs them by default. */
    static CustomerCareer career() {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
                () -> ChurnModelParameters.CDNOW), CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
    }

    /** A repeat buyer: {@code purchases} purchase days {@code everyDays} apart, an email open in between. */
    static CustomerState repeatBuyer(CustomerCareer career, String id, int purchases, int everyDays) {
        CustomerState s = null;
        for (int i = 0; i < purchases; i++) {
            long at = T0 + (long) i * everyDays * DAY;
            s = career.onTouchpoint(s, new Touchpoint.Purchase(id + "-p" + i, id, at, id + "-o" + i, 2_000 + 100L * i, "USD",
                    1, List.of("music"))).state();
            s = career.onTouchpoint(s, new Touchpoint.EmailEngagement(id + "-e" + i, id, at + DAY,
                    Touchpoint.EmailAction.OPEN)).state();
        }
        return s;
    }

    /** A prospect: email engagement, no purchase. */
    static CustomerState prospect(CustomerCareer career, String id) {
        CustomerState s = career.onTouchpoint(null, new Touchpoint.EmailEngagement(id + "-e0", id, T0,
                Touchpoint.EmailAction.OPEN)).state();
        return career.onTouchpoint(s, new Touchpoint.EmailEngagement(id + "-e1", id, T0 + DAY,
                Touchpoint.EmailAction.CLICK)).state();
    }

    private Customers() {
    }
}
