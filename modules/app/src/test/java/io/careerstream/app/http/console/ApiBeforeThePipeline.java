package io.careerstream.app.http.console;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The API alone, before any pipeline is there, on a free port of 127.0.0.1 with a reader token: what
 * the console's access tests ask it for, with or without the token.
 */
final class ApiBeforeThePipeline implements AutoCloseable {

    private final CareerstreamApi api;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ApiBeforeThePipeline(CareerstreamApi api) {
        this.api = api;
        this.base = "http://127.0.0.1:" + api.port();
    }

    /** Listening with {@code token} as the reader's token and {@code more} settings besides. */
    static ApiBeforeThePipeline listen(String token, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put(HttpSettings.HTTP_PORT, "0");
        settings.put(HttpSettings.HTTP_HOST, "127.0.0.1");
        settings.put(HttpSettings.HTTP_TOKEN, token);
        return new ApiBeforeThePipeline(CareerstreamApi.listen(new HttpSettings(settings), CareerstreamApi.newRegistry()));
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return get(path, token, null);
    }

    /** GET {@code path} with the token and Accept header given (either may be null: not sent). */
    HttpResponse<String> get(String path, String token, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        api.close();
    }
}
