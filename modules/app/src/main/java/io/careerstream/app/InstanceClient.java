package io.careerstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a running instance's HTTP API, for the commands that inspect a live deployment ({@code
 * status}, {@code map explain --customer ID}). Every failure becomes one sentence that names the
 * URL: what a person at a terminal needs.
 */
final class InstanceClient {

    /** The environment variable the token is read from when no --token is given (the setting careerstream.http.token). */
    static final String TOKEN_VARIABLE = "CAREERSTREAM_CAREERSTREAM_HTTP_TOKEN";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    InstanceClient(String token) {
        this.token = token != null ? token : System.getenv(TOKEN_VARIABLE);
    }

    /** A failed request, with the sentence to print. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    JsonNode get(String url) throws Failure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Failure("cannot reach " + url + ": nothing answers there (is `careerstream run` up, and "
                    + "careerstream.http.port the port you gave?)");
        } catch (HttpTimeoutException e) {
            throw new Failure(url + " did not answer within 15 s");
        } catch (IOException e) {
            throw new Failure("cannot reach " + url + ": " + e.getMessage());
        }
        String error = errorText(answer.body());
        switch (answer.statusCode()) {
            case 200 -> {
                try {
                    return JSON.readTree(answer.body());
                } catch (IOException e) {
                    throw new Failure(url + " answered with a body that is not JSON");
                }
            }
            case 401 -> throw new Failure(url + " needs a bearer token: give --token or set " + TOKEN_VARIABLE);
            case 403 -> throw new Failure(url + " refused the token (it is not the instance's careerstream.http.token)");
            case 503 -> throw new Failure(url + " is not ready: " + error + "; try again in "
                    + answer.headers().firstValue("Retry-After").orElse("a few") + " s");
            default -> throw new Failure(url + " answered " + answer.statusCode() + ": " + error);
        }
    }

    /** The "error" of a JSON error body, or the body as it is. */
    private static String errorText(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.has("error") ? json.path("error").asText() : body.strip();
        } catch (IOException e) {
            return body.strip();
        }
    }

    /** {@code http://host:port} without a trailing slash. */
    static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
