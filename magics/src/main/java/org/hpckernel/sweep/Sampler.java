package org.hpckernel.sweep;

import java.util.List;
import java.util.Map;

/** Chooses the next point, given the study's trials so far (RUNNING ones included). */
public interface Sampler {

    /** The next point (one value per active parameter), or null when the sampler has no point left (grid). */
    Map<String, Object> sample(SearchSpace space, Goal goal, List<Trial> trials, int trialNumber);

    static Sampler random(long seed) {
        return new RandomSampler(seed);
    }

    static Sampler grid() {
        return new GridSampler();
    }

    static Sampler tpe(long seed) {
        return TpeSampler.builder().seed(seed).build();
    }

    /** The sampler a W&B method names: grid, random, bayes (TPE here, not W&B's GP). */
    static Sampler forMethod(String method, long seed) {
        return switch (method) {
            case "grid" -> grid();
            case "random" -> random(seed);
            case "bayes", "tpe" -> tpe(seed);
            default ->
                throw new IllegalArgumentException("method: expected grid, random or bayes, got '" + method + "'");
        };
    }
}
