package io.careerstream.app.http.console;

import io.careerstream.app.http.OtherInstances;

import io.careerstream.pipeline.CareerPipeline;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The console's flows, trends and operations endpoints ({@link ConsoleFlows}, {@link ConsoleOps}),
 * each answered for the whole installation: this instance's share plus every other's. While a
 * store is not queryable (the pipeline starts, partitions move) or an instance does not answer:
 * 503 with Retry-After, and the console asks again.
 */
public final class ConsoleEndpoints {

    private static final String RETRY_AFTER_SECONDS = "5";
    private final OtherInstances installation;

    /** @param installation how this instance asks the others for their shares */
    public ConsoleEndpoints(OtherInstances installation) {
        this.installation = installation;
    }

    /** {@link ConsoleFlows#SHARE_PATH}: this instance's buckets and counts. */
    public void share(Context ctx, CareerPipeline pipeline) {
        try {
            ctx.json(ConsoleFlows.json(ConsoleFlows.local(pipeline.streams())));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "the console's counts are not queryable now (" + pipeline.streams().state() + ")");
        }
    }

    /** {@link ConsoleFlows#FLOWS_PATH} and {@link ConsoleFlows#TRENDS_PATH}: a view of the summed shares. */
    public void flows(Context ctx, CareerPipeline pipeline, HostInfo self, Function<ConsoleFlows.Share, Map<String, Object>> view) {
        try {
            ConsoleFlows.Share mine = ConsoleFlows.local(pipeline.streams());
            ctx.json(view.apply(ConsoleFlows.sum(mine, installation.others(pipeline.streams(), self,
                    ConsoleFlows.SHARE_PATH, ctx.header("Authorization")))));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "the console's counts are not queryable now (" + pipeline.streams().state() + ")");
        } catch (OtherInstances.NotAnswering e) {
            unavailable(ctx, e.getMessage());
        }
    }

    /** {@link ConsoleOps#PATH}: the installation, or this instance's share with {@code ?scope=local}. */
    public void ops(Context ctx, CareerPipeline pipeline, HostInfo self, Object status) {
        try {
            var mine = ConsoleOps.local(pipeline, status);
            if (OtherInstances.localOnly(ctx.queryParam("scope"))) {
                ctx.json(mine);
                return;
            }
            ctx.json(ConsoleOps.sum(mine, installation.others(pipeline.streams(), self, ConsoleOps.PATH,
                    ctx.header("Authorization"))));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "the operations figures are not queryable now (" + pipeline.streams().state() + ")");
        } catch (OtherInstances.NotAnswering e) {
            unavailable(ctx, e.getMessage());
        }
    }

    private static void unavailable(Context ctx, String why) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS).status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", why));
    }
}
