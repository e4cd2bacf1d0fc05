package dev.verdict.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.verdict.core.BucketLayout;
import dev.verdict.generated.api.AlgorithmModelsApi;
import dev.verdict.generated.api.AssignmentsApi;
import dev.verdict.generated.api.ExperimentsApi;
import dev.verdict.generated.invoker.ApiClient;
import dev.verdict.generated.invoker.ApiException;
import dev.verdict.generated.invoker.ApiResponse;
import dev.verdict.generated.model.AssignRequest;
import dev.verdict.generated.model.AssignmentView;
import dev.verdict.generated.model.ChallengerRequest;
import dev.verdict.generated.model.CreateExperimentRequest;
import dev.verdict.generated.model.CreateModelRequest;
import dev.verdict.generated.model.ChallengerView;
import dev.verdict.generated.model.Error;
import dev.verdict.generated.model.ErrorBody;
import dev.verdict.generated.model.ExperimentRequest;
import dev.verdict.generated.model.ExperimentView;
import dev.verdict.generated.model.FieldProblem;
import dev.verdict.generated.model.ModelView;
import dev.verdict.generated.model.TrafficSplit;
import dev.verdict.support.ApiTest;
import dev.verdict.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client that the build generates from docs/openapi.json (openapi-generator, library native) talks to the
 * real service: the document is good enough for a generator, its schemas deserialise the real JSON, and its error
 * answers surface as the generated {@link ApiException} with the envelope. Only the generated client calls the API.
 */
@ApiTest
class GeneratedClientApiTest extends ApiTestBase {

    private ApiClient client;
    private AlgorithmModelsApi models;
    private ExperimentsApi experiments;
    private AssignmentsApi assignments;

    @BeforeEach
    void generatedClient() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setReadTimeout(Duration.ofSeconds(30));
        String key = tenant.editor();
        client.setRequestInterceptor(request -> request.header("X-Api-Key", key));
        models = new AlgorithmModelsApi(client);
        experiments = new ExperimentsApi(client);
        assignments = new AssignmentsApi(client);
    }

    @Test
    void createsAndActivatesAnExperimentAndAssignsCustomersStickily() throws ApiException {
        ApiResponse<ModelView> created = models.createModelWithHttpInfo(new CreateModelRequest()
                .key("gen-champion").name("Generated champion").modelType(CreateModelRequest.ModelTypeEnum.SCORECARD));
        assertThat(created.getStatusCode()).as("documented as 201").isEqualTo(201);
        ModelView champion = created.getData();
        ModelView challenger = models.createModel(new CreateModelRequest().key("gen-challenger")
                .name("Generated challenger").modelType(CreateModelRequest.ModelTypeEnum.BAYESIAN));
        assertThat(champion.getId()).startsWith("mdl_");
        assertThat(challenger.getKey()).isEqualTo("gen-challenger");

        ExperimentView draft = experiments.createExperiment(new CreateExperimentRequest().key("gen-client")
                .name("Generated client").championModelId(champion.getId())
                .trafficSplit(new TrafficSplit().championPct(new BigDecimal("50")))
                .challengers(List.of(new ChallengerRequest().modelId(challenger.getId())
                        .trafficPct(new BigDecimal("50")))));
        assertThat(draft.getStatus()).isEqualTo(ExperimentView.StatusEnum.DRAFT);
        assertThat(draft.getId()).startsWith("exp_");

        // A PUT with only the status: the generated request must not carry pre-filled fields that reset the rest.
        ExperimentView active = experiments.updateExperiment(draft.getId(),
                new ExperimentRequest().status(ExperimentRequest.StatusEnum.ACTIVE));
        assertThat(active.getStatus()).isEqualTo(ExperimentView.StatusEnum.ACTIVE);
        assertThat(active.getChampionModelId()).isEqualTo(champion.getId());
        assertThat(active.getChallengers()).extracting(ChallengerView::getModelId).containsExactly(challenger.getId());
        assertThat(active.getTrafficSplit().getChampionPct()).isEqualByComparingTo("50");

        Map<String, ModelView> modelOfVariant = Map.of(BucketLayout.CHAMPION, champion, challenger.getKey(),
                challenger);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            String customer = "GEN-CUST-" + i;
            AssignmentView first = assignments.assignCustomer(active.getId(), new AssignRequest().customerId(customer));
            assertThat(first.getVariant()).as("variant of %s", customer).isIn(modelOfVariant.keySet());
            ModelView model = modelOfVariant.get(first.getVariant());
            assertThat(first.getModelId()).as("model of %s", customer).isEqualTo(model.getId());
            assertThat(first.getModelKey()).isEqualTo(model.getKey());
            assertThat(first.getCustomerId()).isEqualTo(customer);
            assertThat(first.getExperimentId()).isEqualTo(active.getId());
            assertThat(first.getExperimentKey()).isEqualTo("gen-client");
            assertThat(first.getNew()).as("first assignment of %s", customer).isTrue();
            assertThat(first.getAssignedAt()).isNotNull();

            AssignmentView again = assignments.assignCustomer(active.getId(), new AssignRequest().customerId(customer));
            assertThat(again.getVariant()).as("sticky variant of %s", customer).isEqualTo(first.getVariant());
            assertThat(again.getModelId()).isEqualTo(first.getModelId());
            assertThat(again.getAssignedAt()).isEqualTo(first.getAssignedAt());
            assertThat(again.getNew()).isFalse();
            assertThat(assignments.getAssignment(active.getId(), customer).getVariant()).isEqualTo(first.getVariant());
            seen.add(first.getVariant());
        }
        assertThat(seen).as("a 50/50 split over 20 customers reaches both arms")
                .containsExactlyInAnyOrderElementsOf(modelOfVariant.keySet());
    }

    @Test
    void errorAnswersSurfaceAsApiExceptionWithTheErrorEnvelope() throws Exception {
        ModelView champion = models.createModel(new CreateModelRequest().key("gen-err").name("Champion")
                .modelType(CreateModelRequest.ModelTypeEnum.SCORECARD));
        ExperimentView experiment = experiments.createExperiment(new CreateExperimentRequest().key("gen-errors")
                .name("Errors").championModelId(champion.getId())
                .trafficSplit(new TrafficSplit().championPct(new BigDecimal("100")))
                .status(CreateExperimentRequest.StatusEnum.ACTIVE));

        ApiException invalid = catchThrowableOfType(ApiException.class,
                () -> assignments.assignCustomer(experiment.getId(), new AssignRequest()));
        Error error = envelope(invalid, 400);
        assertThat(error.getCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.getDetails()).extracting(FieldProblem::getField).contains("customerId");

        ApiException missing = catchThrowableOfType(ApiException.class,
                () -> assignments.assignCustomer("exp_NoSuchExperiment", new AssignRequest().customerId("C1")));
        assertThat(envelope(missing, 404).getCode()).isEqualTo("NOT_FOUND");

        ApiException noModel = catchThrowableOfType(ApiException.class,
                () -> models.getModel("mdl_NoSuchModel"));
        assertThat(envelope(noModel, 404).getCode()).isEqualTo("NOT_FOUND");
    }

    /** The error of the envelope in the exception's body, read with the generated model, after checking status. */
    private Error envelope(ApiException e, int status) throws Exception {
        assertThat(e).as("an ApiException").isNotNull();
        assertThat(e.getCode()).as(e.getMessage()).isEqualTo(status);
        ErrorBody body = client.getObjectMapper().readValue(e.getResponseBody(), ErrorBody.class);
        assertThat(body.getError()).as(e.getResponseBody()).isNotNull();
        assertThat(body.getError().getStatus()).isEqualTo(status);
        assertThat(body.getError().getMessage()).isNotBlank();
        return body.getError();
    }
}
