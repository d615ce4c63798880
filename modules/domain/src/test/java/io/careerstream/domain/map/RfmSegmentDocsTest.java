package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.RfmSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The segment grid in docs/career-map.md is the one the code uses. */
class RfmSegmentDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| \\*\\*([1-5])\\*\\* \\|(.*)\\|$");

    @Test
    void theDocumentedGridIsTheCodesGrid() throws IOException {
        Map<Integer, List<String>> rows = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "..", "docs", "career-map.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(Integer.parseInt(m.group(1)), Arrays.stream(m.group(2).split("\\|")).map(String::strip).toList());
            }
        }
        assertThat(rows).as("rows R=1..5 of the segment table").containsOnlyKeys(1, 2, 3, 4, 5);
        for (int r = 1; r <= 5; r++) {
            for (int fm = 1; fm <= 5; fm++) {
                assertThat(rows.get(r).get(fm - 1)).as("R %d, FM %d", r, fm).isEqualTo(RfmSegment.of(r, fm, fm).label());
            }
        }
    }
}
