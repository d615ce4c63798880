package io.careerstream.app.http;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS on the API's port when {@code careerstream.http.tls.keystore.location} is set, and then
 * no plain HTTP at all. Jetty's own {@link SslContextFactory}, which Javalin's community SSL
 * plugin wraps too; the plugin would add HTTP/2, Conscrypt and a certificate library that a
 * keystore-only HTTPS port does not need.
 */
final class HttpsConnector {

    private HttpsConnector() {
    }

    /** Adds the HTTPS connector to {@code config}; whether it did (a keystore is configured). */
    static boolean configure(JavalinConfig config, HttpSettings http) {
        var keystore = http.tlsKeystore();
        if (keystore.isEmpty()) {
            return false;
        }
        HttpSettings.Keystore store = keystore.get();
        config.jetty.addConnector((server, httpConfiguration) -> {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(store.location());
            tls.setKeyStorePassword(store.password());
            tls.setKeyStoreType(store.type());
            HttpConfiguration https = new HttpConfiguration(httpConfiguration);
            // No SNI host check: instances are reached by pod IP or service name, not only the certificate's name.
            https.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(https));
            connector.setHost(http.host());
            connector.setPort(http.port());
            return connector;
        });
        return true;
    }
}
