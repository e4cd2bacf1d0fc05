package dev.verdict;


import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import dev.verdict.support.ProjectRoot;
import java.util.regex.Pattern;

/** Dependency rules the code review would otherwise have to catch by eye. */
@AnalyzeClasses(packages = "dev.verdict", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.WithoutTheClientLibrary.class})
class ArchitectureTest {

    /**
     * The Java client (the verdict-client module, package dev.verdict.client) is on the test classpath only to be
     * tested against the server; it is not server code, uses Jackson 2 by design (ADR 017), and depends on nothing of
     * the server but verdict-core, which its own build enforces (it cannot see the server's classes).
     */
    static final class WithoutTheClientLibrary implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("/dev/verdict/client/");
        }
    }

    /** Statistics, the promotion policy and verdict-core (hash, layout, feed model): pure Java, no container. */
    private static final DescribedPredicate<JavaClass> PURE_CODE = new DescribedPredicate<>(
            "pure code (stats, the promotion policy, the bucket hash and layout)") {
        @Override
        public boolean test(JavaClass c) {
            return c.getPackageName().equals("dev.verdict.stats") || c.getPackageName().startsWith("dev.verdict.stats.")
                    || c.getPackageName().equals("dev.verdict.decision")
                    || c.getPackageName().equals("dev.verdict.core");
        }
    };

    @ArchTest
    static final ArchRule pureCodeHasNoSpringOrJdbc = noClasses().that(PURE_CODE)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
            .because("statistics and policies are pure functions, unit-tested without Spring or a database");

    @ArchTest
    static final ArchRule pureCodeExists = classes().that(PURE_CODE).should().haveSimpleNameNotEndingWith("Impl")
            .allowEmptyShould(false);

    /**
     * The package map in docs/architecture.md says which feature uses which; it is read here and compared with the
     * dependencies of the compiled classes, so the document cannot drift from the code.
     */
    @ArchTest
    static void packageMapMatchesTheCode(JavaClasses classes) throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = feature(c.getPackageName());
            if (from == null) {
                continue;
            }
            Set<String> uses = actual.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = feature(d.getTargetClass().getPackageName());
                if (to != null && !to.equals(from) && !SHARED.contains(to)) {
                    uses.add(to);
                }
            }
        }
        assertThat(documentedPackageMap())
                .as("the package map of docs/architecture.md (actual) against the dependencies in the code (expected)")
                .isEqualTo(actual);
    }

    private static final Set<String> SHARED = Set.of("common", "web", "core");

    /** The top-level package under dev.verdict, or null for the root and for other code. */
    private static String feature(String packageName) {
        if (!packageName.startsWith("dev.verdict.")) {
            return null;
        }
        String rest = packageName.substring("dev.verdict.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Map<String, Set<String>> documentedPackageMap() throws IOException {
        String doc = Files.readString(ProjectRoot.resolve("docs/architecture.md"));
        String section = doc.substring(doc.indexOf("## Package map"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            Set<String> uses = new TreeSet<>();
            String used = cells[2].split("—")[0].trim();
            if (!used.startsWith("nothing")) {
                for (String name : used.split(",")) {
                    uses.add(name.trim());
                }
            }
            Matcher names = Pattern.compile("`([a-z]+)`").matcher(cells[1]);
            while (names.find()) {
                out.put(names.group(1), uses);
            }
        }
        return out;
    }

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles = SlicesRuleDefinition.slices().matching("dev.verdict.(*)..")
            .should().beFreeOfCycles()
            .because("dependencies between features point one way (results → stats, promotion → results)");

    @ArchTest
    static final ArchRule resultsNeverCallsPromotion = noClasses().that().resideInAPackage("dev.verdict.results..")
            .should().dependOnClassesThat().resideInAPackage("dev.verdict.promotion..")
            .because("promotion reads results and decides; the shared rule lives in the pure decision package");

    @ArchTest
    static final ArchRule noJackson2Databind = noClasses()
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("com.fasterxml.jackson.databind..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.type(JavaType.class))))
            .because("the JSON mapper is Jackson 3 (tools.jackson.databind); only the annotations stay in com.fasterxml");

    @ArchTest
    static final ArchRule jackson2TypesOnlyFromSwagger = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.verdict.web.BodyContract")
            .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.JavaType")
            .because("swagger-core hands its model converters Jackson 2's JavaType; nothing else needs it");

    @ArchTest
    static final ArchRule onlyWebKnowsHttpStatuses = noClasses().that().resideOutsideOfPackage("dev.verdict.web..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.HttpStatus")
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.web.server.ResponseStatusException")
            .because("features throw domain exceptions; web/ alone maps them to statuses");

    @ArchTest
    static final ArchRule eventsKnowNoFeature = noClasses().that().resideInAPackage("dev.verdict.event..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.verdict.experiment..", "dev.verdict.model..",
                    "dev.verdict.promotion..", "dev.verdict.results..", "dev.verdict.webhook..",
                    "dev.verdict.assignment..", "dev.verdict.outcome..", "dev.verdict.auth..", "dev.verdict.audit..")
            .because("features publish into the outbox; the webhook feature plugs in through EventFanout (ADR 015)");

    @ArchTest
    static final ArchRule noFeatureDependsOnWebhooks = noClasses().that().resideOutsideOfPackage("dev.verdict.webhook..")
            .should().dependOnClassesThat().resideInAPackage("dev.verdict.webhook..")
            .because("webhooks consume events; the features that cause them must not know who listens");
}
