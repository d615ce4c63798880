package io.careerstream.pipeline.config;

import io.careerstream.domain.LookAhead;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.ArrivalPolicy;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.lift.HoldOutGroups;
import io.careerstream.domain.map.CareerMap;
import java.util.function.Supplier;

/**
 * Everything the domain decides a customer's career with, as the settings give it: the churn
 * rule and the configured model parameters, the cadence factors, the compiled career map and its
 * look-ahead, the arrival policy, the reporting currency
 * and the hold-out groups of the actions. The career processor and the HTTP
 * API's reader build their {@link CustomerCareer} from the same rules.
 */
public record CareerRules(LifecyclePolicy lifecycle, SilencePolicy silence, ChurnModelParameters configuredParameters,
                          CareerMap map, LookAhead lookAhead, ArrivalPolicy arrivals,
                          ReportingCurrency money, HoldOutGroups holdOut) {

    /** The rules of these settings, with {@code map} compiled where the pipeline starts. */
    public static CareerRules of(CareerstreamConfig config, CareerMap map) {
        return new CareerRules(config.churn().lifecyclePolicy(), config.churn().silencePolicy(),
                config.churn().modelParameters(), map, config.map().lookAhead(), config.pipeline().arrivalPolicy(),
                config.currency().money(), config.lift().holdOut());
    }

    /**
     * A career under these rules.
     *
     * @param parameters the model parameters in force (the published ones, else the configured ones)
     * @param rfm        the RFM boundaries in force
     */
    public CustomerCareer career(Supplier<ChurnModelParameters> parameters, Supplier<RfmBoundaries> rfm) {
        return new CustomerCareer(new ChurnMaths(lifecycle, silence, parameters, money), map, lookAhead, arrivals, rfm);
    }
}
