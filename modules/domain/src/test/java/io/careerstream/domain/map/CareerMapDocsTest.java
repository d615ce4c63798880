package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/career-map.md must document every feature a map can read, with its type. */
class CareerMapDocsTest {

    @Test
    void everyFeatureIsDocumented() throws IOException {
        String docs = Files.readString(Path.of("..", "..", "docs", "career-map.md"));
        for (CustomerFeature f : CustomerFeature.values()) {
            assertThat(docs).as("docs/career-map.md documents %s", f.featureName())
                    .contains("| `" + f.featureName() + "` | " + f.type().name() + " |");
        }
    }
}
