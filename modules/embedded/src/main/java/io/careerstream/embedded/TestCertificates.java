package io.careerstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run, with Bouncy Castle: it signs a certificate per
 * server or client (for 127.0.0.1 and localhost), written as PKCS12 key stores the JDK, Kafka and
 * Javalin read, or as PEM files nginx reads; and a trust store holding the authority only. Nothing
 * here is a secret worth keeping: the keys live in a temporary folder for the length of a test.
 */
public final class TestCertificates {

    /** A PKCS12 key store (a key and its chain) or trust store, and its password. */
    public record Store(Path path, String password) {
        public String type() {
            return "PKCS12";
        }
    }

    /** A certificate and its key as PEM files (for servers that read PEM, such as nginx). */
    public record Pem(Path certificate, Path key) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(Path dir, KeyPair caKeys, X509Certificate ca) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new authority whose files go to {@code dir}. */
    public static TestCertificates authority(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = keyPair();
            X500Name name = new X500Name("CN=Careerstream test CA");
            X509v3CertificateBuilder builder = builder(name, name, keys);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestCertificates(dir, keys, sign(builder, keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a test certificate authority", e);
        }
    }

    /** The authority's certificate. */
    public X509Certificate certificate() {
        return ca;
    }

    /** A trust store that holds the authority (and trusts what it signed). */
    public Store truststore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("careerstream-test-ca", ca);
            return write(store, "truststore");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store with a key and a certificate for {@code commonName}, valid for 127.0.0.1 and localhost. */
    public Store keystore(String commonName) {
        try {
            Issued issued = issue(commonName);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            String password = password();
            store.setKeyEntry(commonName, issued.keys().getPrivate(), password.toCharArray(),
                    new Certificate[] {issued.certificate(), ca});
            return write(store, commonName, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM files of a certificate (with the authority after it) and its key, for {@code commonName}. */
    public Pem pem(String commonName) {
        try {
            Issued issued = issue(commonName);
            Path certificate = dir.resolve(commonName + ".crt");
            Path key = dir.resolve(commonName + ".key");
            try (Writer out = Files.newBufferedWriter(certificate, StandardCharsets.US_ASCII);
                 JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(issued.certificate());
                pem.writeObject(ca);
            }
            try (Writer out = Files.newBufferedWriter(key, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(issued.keys().getPrivate());
            }
            return new Pem(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private Issued issue(String commonName) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=Careerstream test CA"), new X500Name("CN=" + commonName), keys);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        return new Issued(keys, sign(builder, caKeys));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    /** A random password for a store: tests look for it in logs, so it must be unlike anything else there. */
    public static String password() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "pw-" + java.util.HexFormat.of().formatHex(bytes);
    }

    private Store write(KeyStore store, String name) throws IOException, GeneralSecurityException {
        return write(store, name, password());
    }

    private Store write(KeyStore store, String name, String password) throws IOException, GeneralSecurityException {
        Path path = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
        return new Store(path, password);
    }
}
