package io.careerstream.app.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every answer of the HTTP API carries, and what no answer may: security headers on every
 * response, limits on what a request may be, and error bodies that name no class, no stack frame
 * and no internal detail (those go to the log).
 *
 * <p>The Content-Security-Policy allows scripts, styles, images and connections from the API's own
 * origin only and no inline script: a console served from the same port keeps working under it.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";
    /** The longest request path served; longer ones get 414 before any handler reads them. */
    public static final int MAX_PATH_LENGTH = 2048;
    /** The largest request body Javalin reads; POST /touchpoints reads its own, within careerstream.http.ingest.max.request.bytes. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SecurityHeaders.class);

    private SecurityHeaders() {
    }

    /** Limits that Javalin applies before any handler: the request body size. */
    public static void configure(JavalinConfig config) {
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
    }

    /** Headers on every answer, the path limit, and error bodies without internals. */
    public static void install(Javalin app) {
        app.before(ctx -> {
            headers(ctx);
            if (ctx.path().length() > MAX_PATH_LENGTH) {
                ctx.status(HttpStatus.URI_TOO_LONG).json(Map.of("error", "the path is longer than "
                        + MAX_PATH_LENGTH + " characters"));
                ctx.skipRemainingHandlers();
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            // The detail goes to the log; the caller learns only that it failed.
            LOG.error("HTTP API: {} {} failed", ctx.method(), ctx.path(), e);
            headers(ctx);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; see the instance's log"));
        });
    }

    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
