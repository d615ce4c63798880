package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text given as a career map either loads or is refused with {@link CareerMapException}, whose
 * problems each say what is wrong — never another exception (a NullPointerException, a
 * ClassCastException, a StackOverflowError from deep nesting, an error of YAML or CEL leaking out).
 * An operator's typo must be answered with what to fix, not a stack trace.
 *
 * <p>The inputs directory ({@code CareerMapFuzzTestInputs/yaml}) starts the fuzzer from the
 * shipped map and a small one, and keeps the inputs of findings; {@code mvn test} replays them.
 */
class CareerMapFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void yaml(byte[] file) {
        // Raw bytes, read as the loader reads a file: the inputs are plain YAML files.
        String text = new String(file, StandardCharsets.UTF_8);
        CareerMap map;
        try {
            map = CareerMapLoader.parse(text, "fuzz.yaml");
        } catch (CareerMapException refused) {
            assertThat(refused.problems()).as("what is wrong with the map").isNotEmpty()
                    .allSatisfy(problem -> assertThat(problem).isNotBlank());
            assertThat(refused.getMessage()).startsWith("Invalid career map fuzz.yaml");
            return;
        }
        assertThat(map.version()).isNotBlank();
        assertThat(map.stages()).isNotEmpty();
    }
}
