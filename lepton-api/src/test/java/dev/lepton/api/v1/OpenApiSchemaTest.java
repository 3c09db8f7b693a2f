package dev.lepton.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.api.codec.Codec;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenAPI document's job and audit schemas list exactly the fields the wire records carry: none missing, none invented. */
class OpenApiSchemaTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "dev.lepton.api.v1.ApiJobSpec,          JobSpec",
        "dev.lepton.api.v1.ApiJobStatus,        JobStatus",
        "dev.lepton.api.v1.ApiWorker,           Worker",
        "dev.lepton.api.v1.ApiExplanation,      Explanation",
        "dev.lepton.api.v1.ApiArrayStatus,      ArrayStatus",
        "dev.lepton.api.v1.ApiDependencyStatus, DependencyStatus",
        "dev.lepton.api.v1.ApiAuditEntry,       AuditEntry",
        "dev.lepton.api.v1.ApiAuditVerification, AuditVerification",
        "dev.lepton.api.v1.ApiEnergy,           Energy",
        "dev.lepton.api.v1.ApiEnergySource,     EnergySource",
        "dev.lepton.api.v1.ApiEnergyReport,     EnergyReport",
        "dev.lepton.api.v1.ApiSustainability,   Sustainability",
        "dev.lepton.api.v1.ApiIdleReport,       IdleReport",
    })
    void a_schema_documents_every_field_of_its_record(String record, String schema) throws Exception {
        JsonNode document;
        try (InputStream in = OpenApiSchemaTest.class.getResourceAsStream("/dev/lepton/api/openapi.json")) {
            document = Codec.readTree(in.readAllBytes());
        }
        List<String> documented = new ArrayList<>();
        document.path("components").path("schemas").path(schema).path("properties").fieldNames().forEachRemaining(documented::add);

        List<String> fields = Arrays.stream(Class.forName(record).getRecordComponents()).map(RecordComponent::getName).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(fields);
    }
}
