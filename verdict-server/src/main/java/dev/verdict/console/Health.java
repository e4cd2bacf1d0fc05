package dev.verdict.console;

import dev.verdict.results.ExperimentResults;

/** The health strip, read off the /results document: SRM, crossovers, minimum samples and progress. */
record Health(Boolean srmMismatch, Double srmPValue, long crossovers, boolean minSamplesMet, long minSamples,
              Double progress) {

    static Health of(ExperimentResults r, long minSamples) {
        if (r.variants() == null) {
            return new Health(null, null, 0, false, minSamples, null);
        }
        long crossovers = r.variants().stream().mapToLong(ExperimentResults.VariantResult::crossovers).sum();
        boolean met = r.variants().stream().allMatch(v -> v.samples() >= minSamples);
        Double progress = null;
        if (r.comparisons() != null) {
            for (ExperimentResults.Comparison c : r.comparisons()) {
                if (c.progress() != null && (progress == null || c.progress() < progress)) {
                    progress = c.progress();
                }
            }
        }
        return new Health(r.srm() == null ? null : r.srm().mismatch(), r.srm() == null ? null : r.srm().pValue(),
                crossovers, met, minSamples, progress);
    }
}
