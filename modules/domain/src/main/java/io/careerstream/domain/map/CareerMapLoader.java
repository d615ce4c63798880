package io.careerstream.domain.map;

import io.careerstream.domain.AlertLevel;
import java.util.EnumMap;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a career map from YAML and compiles it: every condition is parsed and type-checked by
 * CEL against the declared features once, here. All problems are collected and reported together,
 * each naming the file, the rule and the expression; a map with any problem is refused.
 */
public final class CareerMapLoader {

    /** Name of the default map on the classpath (shipped as config/career-map.yaml). */
    public static final String DEFAULT_RESOURCE = "career-map.yaml";

    /** The YAML file's shape. Unknown keys are errors (a misspelt key must not be ignored). */
    record MapFile(@JsonProperty("version") String version, @JsonProperty("description") String description,
                   @JsonProperty("settings") SettingsSpec settings,
                   @JsonProperty("features") List<String> features, @JsonProperty("stages") List<RuleSpec> stages,
                   @JsonProperty("tracks") List<RuleSpec> tracks,
                   @JsonProperty("doNotContact") List<DoNotContactSpec> doNotContact,
                   @JsonProperty("alerts") Map<String, AlertSpec> alerts) {
    }

    /** An entry of the {@code alerts:} section, keyed by the silence level it is about. */
    record AlertSpec(@JsonProperty("action") String action, @JsonProperty("evidence") List<String> evidence) {
    }

    record RuleSpec(@JsonProperty("id") String id, @JsonProperty("when") String when,
                    @JsonProperty("action") String action, @JsonProperty("minDwellDays") Double minDwellDays,
                    @JsonProperty("evidence") List<String> evidence) {
    }

    /** The {@code settings:} block: how categories and engagement are kept (see {@link FeatureSettings}). */
    record SettingsSpec(@JsonProperty("maxCategories") Integer maxCategories,
                        @JsonProperty("engagementHalfLifeDays") Double engagementHalfLifeDays) {
    }

    /** {@code category(NAME).FIELD}: what a condition reads about one category, checked at load. */
    private static final Pattern CATEGORY_FIELD = Pattern.compile("category\\s*\\((?:[^()]|\\([^()]*\\))*\\)\\s*\\.\\s*(\\w+)");

    /**
     * {@code category(x)} reads {@code categories[x]}: a macro, so the map reads like the domain
     * ("the coffee category's mean interval") and CEL still type-checks it against the declared
     * {@code categories} feature.
     */
    private static final CelMacro CATEGORY_MACRO = CelMacro.newGlobalMacro("category", 1,
            (factory, target, arguments) -> Optional.of(factory.newGlobalCall("_[_]",
                    factory.newIdentifier(CustomerFeature.CATEGORIES.featureName()), arguments.get(0))));

    record DoNotContactSpec(@JsonProperty("reason") String reason, @JsonProperty("when") String when,
                            @JsonProperty("action") String action) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final CelOptions CEL_OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true) // purchaseDays >= 2.5, meanIntervalDays <= 60
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder().setOptions(CEL_OPTIONS).build();

    private CareerMapLoader() {
    }

    public static CareerMap load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (IOException e) {
            throw new CareerMapException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
    }

    /** The default map shipped with the product. */
    public static CareerMap loadDefault() {
        try (InputStream in = CareerMapLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Default career map " + DEFAULT_RESOURCE + " is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CareerMap parse(String yaml, String source) {
        MapFile file;
        try {
            file = YAML.readValue(yaml, MapFile.class);
        } catch (IOException e) {
            throw new CareerMapException(source, List.of("not a valid career map file: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (file == null) {
            throw new CareerMapException(source, List.of("the file is empty"));
        }
        List<String> problems = new ArrayList<>();
        if (file.version() == null || file.version().isBlank()) {
            problems.add("version: required (it is written on every transition as mapVersion)");
        }
        FeatureSettings settings = settings(file.settings(), problems);
        Set<CustomerFeature> declared = declaredFeatures(file.features(), problems);
        CelCompiler compiler = compiler(declared);
        Set<CustomerFeature> used = EnumSet.noneOf(CustomerFeature.class);
        Set<CustomerFeature> evidenceOnly = EnumSet.noneOf(CustomerFeature.class);

        List<CareerMap.Rule> stages = rules("stage", file.stages(), true, compiler, declared, used, evidenceOnly, problems);
        if (file.stages() == null || file.stages().isEmpty()) {
            problems.add("stages: at least one stage is required, the last with when: \"true\" (the default stage)");
        } else {
            checkReachability(file.stages(), problems);
        }
        List<CareerMap.Rule> tracks = rules("track", file.tracks(), false, compiler, declared, used, evidenceOnly, problems);
        List<CareerMap.DoNotContactRule> dnc = new ArrayList<>();
        Set<String> reasons = new HashSet<>();
        for (DoNotContactSpec d : file.doNotContact() == null ? List.<DoNotContactSpec>of() : file.doNotContact()) {
            if (d == null) { // `- ~` or a lone `-`: YAML's null, not an entry
                problems.add("doNotContact: an entry is empty");
                continue;
            }
            String where = "doNotContact '" + d.reason() + "'";
            if (d.reason() == null || d.reason().isBlank()) {
                problems.add("doNotContact: an entry has no reason");
                continue;
            }
            if (!reasons.add(d.reason())) {
                problems.add(where + ": duplicate reason");
            }
            Compiled c = compile(compiler, where, d.when(), problems);
            if (c != null) {
                used.addAll(c.reads());
                dnc.add(new CareerMap.DoNotContactRule(d.reason(), d.when(), c.program(), names(c.reads()),
                        d.action() == null || d.action().isBlank() ? null : d.action()));
            }
        }
        Map<AlertLevel, CareerMap.AlertRule> alerts = alerts(file.alerts(), declared, evidenceOnly, problems);
        if (!problems.isEmpty()) {
            throw new CareerMapException(source, problems);
        }
        boolean readsCategorySilence = Stream.of(file.stages(), file.tracks()).filter(java.util.Objects::nonNull)
                .flatMap(List::stream).map(RuleSpec::when)
                .anyMatch(LoaderPatterns::readsCategorySilence)
                || (file.doNotContact() != null && file.doNotContact().stream().map(DoNotContactSpec::when)
                        .anyMatch(LoaderPatterns::readsCategorySilence));
        return new CareerMap(source, file.version(), settings, readsCategorySilence, stages, tracks, dnc, alerts, used,
                evidenceOnly);
    }

    /** What the loader recognises in a condition's text before CEL compiles it. */
    private static final class LoaderPatterns {
        static boolean readsCategorySilence(String condition) {
            if (condition == null) {
                return false;
            }
            Matcher field = CATEGORY_FIELD.matcher(condition);
            while (field.find()) {
                if (field.group(1).equals(CategoryFields.DAYS_SINCE_LAST_PURCHASE)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The {@code alerts:} section: per silence level (AT_RISK, LAPSED) the action an alert suggests
     * (required) and the features it reports (default {@link CareerMap#DEFAULT_ALERT_EVIDENCE}); a
     * level the section leaves out keeps {@link CareerMap#DEFAULT_ALERTS}.
     */
    private static Map<AlertLevel, CareerMap.AlertRule> alerts(Map<String, AlertSpec> specs, Set<CustomerFeature> declared,
                                                               Set<CustomerFeature> evidenceOnly, List<String> problems) {
        Map<AlertLevel, CareerMap.AlertRule> alerts = new EnumMap<>(AlertLevel.class);
        // Unless the map says otherwise: the defaults, reporting what the map's features allow.
        List<String> defaultEvidence = CareerMap.DEFAULT_ALERT_EVIDENCE.stream()
                .filter(name -> CustomerFeature.byName(name).filter(declared::contains).isPresent()).toList();
        CareerMap.DEFAULT_ALERTS.forEach((level, rule) ->
                alerts.put(level, new CareerMap.AlertRule(level, rule.action(), defaultEvidence)));
        (specs == null ? Map.<String, AlertSpec>of() : specs).forEach((name, spec) -> {
            String where = "alerts." + name;
            AlertLevel level = name.equals("AT_RISK") ? AlertLevel.AT_RISK : name.equals("LAPSED") ? AlertLevel.LAPSED : null;
            if (level == null) {
                problems.add(where + ": unknown silence level (the levels are AT_RISK and LAPSED)");
                return;
            }
            if (spec == null || spec.action() == null || spec.action().isBlank()) {
                problems.add(where + ": action is required (for example RETENTION_OFFER, CHECK_IN, WIN_BACK)");
                return;
            }
            List<String> reads = spec.evidence() == null ? defaultEvidence : spec.evidence();
            for (String feature : reads) {
                CustomerFeature.byName(feature).filter(declared::contains).ifPresentOrElse(evidenceOnly::add, () ->
                        problems.add(where + ": evidence names '" + feature + "', which is not a declared feature"));
            }
            if (reads.contains(null)) {
                return; // reported above ("evidence names 'null'"); List.copyOf takes no null
            }
            alerts.put(level, new CareerMap.AlertRule(level, spec.action(), List.copyOf(reads)));
        });
        defaultEvidence.forEach(name -> CustomerFeature.byName(name).ifPresent(evidenceOnly::add));
        return alerts;
    }

    private static FeatureSettings settings(SettingsSpec spec, List<String> problems) {
        if (spec == null) {
            return FeatureSettings.DEFAULT;
        }
        try {
            return new FeatureSettings(
                    spec.maxCategories() == null ? FeatureSettings.DEFAULT.maxCategories() : spec.maxCategories(),
                    spec.engagementHalfLifeDays() == null ? FeatureSettings.DEFAULT.engagementHalfLifeDays()
                            : spec.engagementHalfLifeDays());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return FeatureSettings.DEFAULT;
        }
    }

    private static Set<CustomerFeature> declaredFeatures(List<String> names, List<String> problems) {
        if (names == null) {
            return EnumSet.allOf(CustomerFeature.class);
        }
        Set<CustomerFeature> declared = EnumSet.noneOf(CustomerFeature.class);
        for (String name : names) {
            if (name == null) {
                problems.add("features: an entry is empty");
                continue;
            }
            CustomerFeature.byName(name).ifPresentOrElse(declared::add, () -> problems.add("features: unknown feature '"
                    + name + "' (known: " + String.join(", ", known()) + ")"));
        }
        return declared;
    }

    private static List<String> known() {
        return Arrays.stream(CustomerFeature.values()).map(CustomerFeature::featureName).sorted().toList();
    }

    private static List<CareerMap.Rule> rules(String kind, List<RuleSpec> specs, boolean actionRequired,
                                              CelCompiler compiler, Set<CustomerFeature> declared,
                                              Set<CustomerFeature> used, Set<CustomerFeature> evidenceOnly,
                                              List<String> problems) {
        List<CareerMap.Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RuleSpec r : specs == null ? List.<RuleSpec>of() : specs) {
            if (r == null) { // `- ~` or a lone `-`: YAML's null, not a rule
                problems.add(kind + "s: an entry is empty");
                continue;
            }
            if (r.id() == null || r.id().isBlank()) {
                problems.add(kind + "s: a " + kind + " has no id (when: " + r.when() + ")");
                continue;
            }
            String where = kind + " '" + r.id() + "'";
            if (!ids.add(r.id())) {
                problems.add(where + ": duplicate id");
            }
            if (r.id().equals(CareerMap.NO_TRACK)) {
                problems.add(where + ": the id " + CareerMap.NO_TRACK + " is reserved for 'no track'");
            }
            if (actionRequired && (r.action() == null || r.action().isBlank())) {
                problems.add(where + ": action is required (for example ONBOARDING, WIN_BACK, NO_CONTACT)");
            }
            double dwell = r.minDwellDays() == null ? 0 : r.minDwellDays();
            if (dwell < 0 || Double.isNaN(dwell)) {
                problems.add(where + ": minDwellDays must be zero or more, was " + r.minDwellDays());
            }
            Set<CustomerFeature> shown = EnumSet.noneOf(CustomerFeature.class);
            for (String name : r.evidence() == null ? List.<String>of() : r.evidence()) {
                CustomerFeature.byName(name).filter(declared::contains).ifPresentOrElse(shown::add, () -> problems.add(
                        where + ": evidence names '" + name + "', which is not a declared feature"));
            }
            Compiled c = compile(compiler, where, r.when(), problems);
            if (c != null) {
                used.addAll(c.reads());
                evidenceOnly.addAll(shown);
                shown.addAll(c.reads());
                rules.add(new CareerMap.Rule(r.id(), r.when(), c.program(), names(shown), r.action(), dwell));
            }
        }
        return rules;
    }

    private static void checkReachability(List<RuleSpec> stages, List<String> problems) {
        if (stages.contains(null)) {
            return; // an empty entry is reported already; which stage is last is then not known
        }
        for (int i = 0; i < stages.size(); i++) {
            if (isTrue(stages.get(i).when()) && i < stages.size() - 1) {
                for (RuleSpec later : stages.subList(i + 1, stages.size())) {
                    problems.add("stage '" + later.id() + "': unreachable, stage '" + stages.get(i).id()
                            + "' before it always holds (when: \"true\")");
                }
                return;
            }
        }
        RuleSpec last = stages.get(stages.size() - 1);
        if (isTrue(last.when())) {
            return;
        }
        problems.add("stage '" + last.id() + "': the last stage must be the default, when: \"true\", found '"
                + last.when() + "'");
    }

    private static boolean isTrue(String condition) {
        return condition != null && condition.strip().equals("true");
    }

    private record Compiled(CompiledCondition program, Set<CustomerFeature> reads) {
    }

    private static Compiled compile(CelCompiler compiler, String where, String condition, List<String> problems) {
        if (condition == null || condition.isBlank()) {
            problems.add(where + ": 'when' (the condition) is required");
            return null;
        }
        Matcher field = CATEGORY_FIELD.matcher(condition);
        while (field.find()) {
            if (!CategoryFields.NAMES.contains(field.group(1))) {
                problems.add(where + ": when '" + condition + "': category(...)." + field.group(1)
                        + " is not a category field (known: " + String.join(", ", CategoryFields.NAMES) + ")");
                return null;
            }
        }
        CelValidationResult result = compiler.compile(condition);
        if (result.hasError()) {
            problems.add(where + ": when '" + condition + "': " + result.getErrorString().replace('\n', ' '));
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            Set<CustomerFeature> reads = EnumSet.noneOf(CustomerFeature.class);
            ast.getReferenceMap().values().forEach(ref -> CustomerFeature.byName(ref.name()).ifPresent(reads::add));
            return new Compiled(new CompiledCondition(RUNTIME.createProgram(ast), names(reads)), reads);
        } catch (CelValidationException | CelEvaluationException e) {
            problems.add(where + ": when '" + condition + "': " + e.getMessage());
            return null;
        }
    }

    private static List<String> names(Set<CustomerFeature> features) {
        return new TreeSet<>(features.stream().map(CustomerFeature::featureName).toList()).stream().toList();
    }

    private static CelCompiler compiler(Set<CustomerFeature> declared) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(CEL_OPTIONS)
                .setResultType(SimpleType.BOOL)
                .addMacros(CATEGORY_MACRO);
        for (CustomerFeature f : declared) {
            builder.addVar(f.featureName(), f.type());
        }
        return builder.build();
    }
}
