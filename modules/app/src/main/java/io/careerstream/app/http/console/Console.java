package io.careerstream.app.http.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The console's place in the HTTP API: its page, script and stylesheet are static files on the
 * classpath ({@code console/}), served at {@code /} from the API's own origin, so the API's
 * Content-Security-Policy (scripts and styles from 'self' only, nothing inline) covers them; its
 * data comes from {@link #MAP_PATH}, {@code /stages}, {@code /tracks} and {@link #ALERTS_PATH}.
 */
public final class Console {

    /** The loaded career map, to draw: {@link ConsoleMap}. */
    public static final String MAP_PATH = "/console/map";
    /** New churn alerts as server-sent events: {@link AlertFeed}. */
    public static final String ALERTS_PATH = "/console/alerts";
    /** Where the console's files are on the classpath. */
    static final String FILES = "/console";

    private Console() {
    }

    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = FILES;
            files.location = Location.CLASSPATH;
        });
    }
}
