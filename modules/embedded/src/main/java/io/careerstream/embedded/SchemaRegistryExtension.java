package io.careerstream.embedded;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real schema registry per test class, injected as an
 * {@link EmbeddedSchemaRegistry} parameter. Where no Java 21+ is installed the tests are skipped
 * with a message that says so; a missing distribution is an error (the build provides it).
 */
public final class SchemaRegistryExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<JavaRuntimes.Runtime> java = JavaRuntimes.atLeast(EmbeddedSchemaRegistry.REQUIRED_JAVA);
        Assumptions.assumeTrue(java.isPresent(), "Skipped: the schema registry (Apicurio 3) needs Java "
                + EmbeddedSchemaRegistry.REQUIRED_JAVA + "+, and none was found in CAREERSTREAM_REGISTRY_JAVA_HOME, "
                + "JAVA_HOME, the running JVM or the JVM directories. Install one (for example Debian's "
                + "openjdk-21-jdk) to run these tests.");
        Path jar = EmbeddedSchemaRegistry.findDistribution().orElseThrow(() -> new IllegalStateException(
                "The Apicurio Registry distribution was not found under system property "
                        + EmbeddedSchemaRegistry.DISTRIBUTION_PROPERTY + "=" + System.getProperty(EmbeddedSchemaRegistry.DISTRIBUTION_PROPERTY)
                        + "; the Maven build unpacks it before integration tests (run them with mvn verify)"));
        Path log = Path.of("target", "apicurio-" + context.getRequiredTestClass().getSimpleName() + ".log");
        context.getStore(NAMESPACE).put(EmbeddedSchemaRegistry.class, EmbeddedSchemaRegistry.start(java.get(), jar, log));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedSchemaRegistry registry = context.getStore(NAMESPACE).remove(EmbeddedSchemaRegistry.class, EmbeddedSchemaRegistry.class);
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedSchemaRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getStore(NAMESPACE).get(EmbeddedSchemaRegistry.class, EmbeddedSchemaRegistry.class);
    }
}
