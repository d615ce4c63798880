package io.careerstream.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real embedded broker per test class, injected as a parameter of type
 * {@link EmbeddedKafkaBroker}. Use {@code @ExtendWith(EmbeddedKafkaExtension.class)}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(EmbeddedKafkaBroker.class, EmbeddedKafkaBroker.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedKafkaBroker broker = context.getStore(NAMESPACE).remove(EmbeddedKafkaBroker.class, EmbeddedKafkaBroker.class);
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getStore(NAMESPACE).get(EmbeddedKafkaBroker.class, EmbeddedKafkaBroker.class);
    }
}
