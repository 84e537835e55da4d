package dev.tokenomics.client.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The library's package layering, held by the build rather than by review. */
class ArchitectureTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tokenomics.client");

    @Test
    void packagesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("dev.tokenomics.client.config..")
                .layer("db").definedBy("dev.tokenomics.client.db..")
                .layer("contract").definedBy("dev.tokenomics.client.contract..")
                .layer("outbox").definedBy("dev.tokenomics.client.outbox..")
                .layer("readmodel").definedBy("dev.tokenomics.client.readmodel..")
                .layer("projector").definedBy("dev.tokenomics.client.projector..")
                .whereLayer("projector").mayNotBeAccessedByAnyLayer()
                .whereLayer("readmodel").mayOnlyBeAccessedByLayers("projector")
                .whereLayer("outbox").mayOnlyBeAccessedByLayers("readmodel", "projector")
                .whereLayer("contract").mayOnlyBeAccessedByLayers("outbox", "projector")
                .whereLayer("config").mayOnlyBeAccessedByLayers("contract", "projector")
                .whereLayer("db").mayOnlyBeAccessedByLayers("projector")
                .check(LIBRARY);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.tokenomics.client.(*)..").should().beFreeOfCycles().check(LIBRARY);
    }

    @Test
    void theLibraryCarriesNoToolOfItsOwn() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.tokenomics.client.cli..", "dev.tokenomics.client.bench..", "picocli..", "io.zonky..", "org.slf4j.simple..")
                .check(LIBRARY);
    }

    /*
     * Metrics go through Micrometer's facade, so the embedding application picks the registry and
     * serves it (the CLI and the service serve Prometheus text); the library has no HTTP of its own.
     */
    @Test
    void theLibraryInstrumentsAgainstMicrometersFacadeAndServesNothing() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.micrometer.prometheusmetrics..", "io.micrometer.prometheus..", "io.prometheus..", "io.micrometer.core.instrument.simple..",
                        "com.sun.net.httpserver..", "io.javalin..", "org.eclipse.jetty..")
                .check(LIBRARY);
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("io.micrometer.core.instrument.Metrics")
                .because("meters go to the registry the application gives, never to the global one").check(LIBRARY);
    }
}
