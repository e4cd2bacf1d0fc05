package dev.verdict.results;

import dev.verdict.experiment.ExperimentSnapshot;
import dev.verdict.experiment.StoppedChallengerEvidence;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The stopped challenger's comparison with the champion and the phase's sample-ratio check, as /results shows them. */
@Component
class ChallengerStopEvidence implements StoppedChallengerEvidence {

    private final ResultsService results;

    ChallengerStopEvidence(ResultsService results) {
        this.results = results;
    }

    @Override
    public Map<String, Object> evidence(ExperimentSnapshot before, String modelId) {
        ExperimentResults r = results.results(before, ResultsQuery.parse(null, null, null, null, null, null, null));
        String variant = before.variantOfModel(modelId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("comparison", r.comparisons() == null ? null : r.comparisons().stream()
                .filter(c -> c.treatment().equals(variant)).findFirst().orElse(null));
        out.put("srm", r.srm());
        return out;
    }
}
