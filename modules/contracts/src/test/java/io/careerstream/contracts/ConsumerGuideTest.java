package io.careerstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The consumer guide (docs/consuming.md) is proven against the contracts: every record and field of
 * every contract has a doc, the guide's field reference is exactly what the .avsc files say (a field
 * added without a doc, or a doc changed without the guide, fails here), and every example record in
 * the guide is a valid record of its contract, with no field missing or extra. The producer guide
 * (docs/producing.md) marks its example touchpoints the same way, one of every kind, checked here too.
 *
 * <p>The field tables are made from the .avsc files; when this test fails on one, it writes the
 * table it expects to {@code target/consuming-fields/NAME.md}, to paste between the markers.
 */
class ConsumerGuideTest {

    private static final Path SCHEMAS = Path.of("..", "..", "schemas");
    private static final Path GUIDE = Path.of("..", "..", "docs", "consuming.md");
    /** Its counterpart for producers, whose example touchpoints are checked the same way. */
    private static final Path PRODUCER_GUIDE = Path.of("..", "..", "docs", "producing.md");
    private static final Pattern FIELDS = Pattern.compile("<!-- fields: (\\w+) -->\\n(.*?)<!-- /fields -->", Pattern.DOTALL);
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\w+) -->\\n```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyRecordAndFieldOfEveryContractHasADoc() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Schema contract : contracts().values()) {
            for (Schema record : records(contract)) {
                if (blank(record.getDoc())) {
                    undocumented.add(record.getName());
                }
                record.getFields().stream().filter(f -> blank(f.doc()))
                        .forEach(f -> undocumented.add(record.getName() + "." + f.name()));
            }
        }
        assertThat(undocumented).as("records and fields without a doc in schemas/*.avsc").isEmpty();
    }

    @Test
    void theGuideHasTheFieldReferenceOfEveryContractAsTheContractsSayIt() throws IOException {
        String guide = Files.readString(GUIDE);
        Map<String, String> tables = new LinkedHashMap<>();
        Matcher m = FIELDS.matcher(guide);
        while (m.find()) {
            tables.put(m.group(1), m.group(2));
        }
        List<String> stale = new ArrayList<>();
        for (var contract : contracts().entrySet()) {
            String expected = fieldReference(contract.getValue());
            if (!expected.equals(tables.get(contract.getKey()))) {
                Path file = Path.of("target", "consuming-fields", contract.getKey() + ".md");
                Files.createDirectories(file.getParent());
                Files.writeString(file, expected);
                stale.add(contract.getKey() + (tables.containsKey(contract.getKey()) ? " (differs" : " (missing")
                        + "; expected in " + file + ")");
            }
        }
        assertThat(stale).as("field references in docs/consuming.md").isEmpty();
        assertThat(tables.keySet()).as("field references of contracts that exist").isSubsetOf(contracts().keySet());
    }

    @Test
    void everyExampleInTheGuideIsAValidRecordOfItsContract() throws IOException {
        Map<String, Schema> contracts = contracts();
        Matcher m = EXAMPLE.matcher(Files.readString(GUIDE));
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            Schema schema = contracts.get(m.group(1));
            assertThat(schema).as("contract of an example: " + m.group(1)).isNotNull();
            assertThat(roundTrip(schema, m.group(2))).as("example " + m.group(1) + ", read and written again")
                    .isEqualTo(new ObjectMapper().readTree(m.group(2)));
            examples.add(m.group(1));
        }
        // One of every record the pipeline writes to an Avro topic: an opened and an ended alert, a transition, a profile.
        assertThat(examples).contains("ChurnAlert", "StageTransition", "CustomerProfile");
        assertThat(examples.stream().filter("ChurnAlert"::equals)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyExampleInTheProducerGuideIsAValidRecordOfItsContractOneOfEachKind() throws IOException {
        Map<String, Schema> contracts = contracts();
        Matcher m = EXAMPLE.matcher(Files.readString(PRODUCER_GUIDE));
        List<String> kinds = new ArrayList<>();
        while (m.find()) {
            Schema schema = contracts.get(m.group(1));
            assertThat(schema).as("contract of an example: " + m.group(1)).isNotNull();
            JsonNode example = new ObjectMapper().readTree(m.group(2));
            assertThat(roundTrip(schema, m.group(2))).as("example " + m.group(1) + ", read and written again")
                    .isEqualTo(example);
            if (m.group(1).equals("TouchpointEvent")) {
                kinds.add(example.path("payload").fieldNames().next());
            }
        }
        List<String> payloads = contracts.get("TouchpointEvent").getField("payload").schema().getTypes().stream()
                .map(Schema::getFullName).toList();
        assertThat(kinds).as("an example touchpoint of every kind").containsExactlyInAnyOrderElementsOf(payloads);
    }

    @Test
    void anExampleWithAMissingFieldIsCaught() throws IOException {
        Schema alert = contracts().get("ChurnAlert");
        Matcher m = EXAMPLE.matcher(Files.readString(GUIDE));
        assertThat(m.find()).isTrue();
        String example = m.group(2);
        String withoutRule = example.replaceFirst("\"rule\":[^\\n]*\\n", "");
        assertThat(withoutRule).isNotEqualTo(example);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> roundTrip(alert, withoutRule))
                .hasMessageContaining("rule");
    }

    /** The example read as Avro's JSON encoding of the contract, then written again. */
    private static JsonNode roundTrip(Schema schema, String json) throws IOException {
        Object record = new GenericDatumReader<>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, json));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<>(schema).write(record, encoder);
        encoder.flush();
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** The Markdown tables of a contract's fields, the top record's first, then each nested record's. */
    static String fieldReference(Schema contract) {
        StringBuilder md = new StringBuilder();
        for (Schema record : records(contract)) {
            if (record != contract) {
                md.append("\n`").append(record.getName()).append("`: ").append(cell(record.getDoc())).append("\n\n");
            }
            md.append("| Field | Type | Meaning |\n|---|---|---|\n");
            for (Schema.Field f : record.getFields()) {
                md.append("| `").append(f.name()).append("` | ").append(cell(type(f.schema()))).append(" | ")
                        .append(cell(f.doc())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String type(Schema s) {
        LogicalType logical = s.getLogicalType();
        return switch (s.getType()) {
            case UNION -> s.getTypes().stream().map(ConsumerGuideTest::type).collect(Collectors.joining(" | "));
            case ARRAY -> "array of " + type(s.getElementType());
            case MAP -> "map of string to " + type(s.getValueType());
            case ENUM -> "enum " + s.getName() + " {" + String.join(", ", s.getEnumSymbols()) + "}";
            case RECORD -> s.getName();
            default -> logical == null ? s.getType().getName() : s.getType().getName() + " (" + logical.getName() + ")";
        };
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** A contract's record and the records nested in it, each once, in the order they appear. */
    private static List<Schema> records(Schema contract) {
        List<Schema> records = new ArrayList<>();
        collect(contract, records);
        return records;
    }

    private static void collect(Schema s, List<Schema> records) {
        switch (s.getType()) {
            case RECORD -> {
                if (records.stream().noneMatch(r -> r.getFullName().equals(s.getFullName()))) {
                    records.add(s);
                    s.getFields().forEach(f -> collect(f.schema(), records));
                }
            }
            case UNION -> s.getTypes().forEach(t -> collect(t, records));
            case ARRAY -> collect(s.getElementType(), records);
            case MAP -> collect(s.getValueType(), records);
            default -> { }
        }
    }

    private static Map<String, Schema> contracts() throws IOException {
        Map<String, Schema> contracts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                contracts.put(file.getFileName().toString().replace(".avsc", ""), new Schema.Parser().parse(file.toFile()));
            }
        }
        return contracts;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
