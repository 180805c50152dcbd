package org.hpckernel.sweep;

/**
 * phpo's steering limits. maxPoints: trials in all; parallelism: tasks running at once (the array
 * throttle %K); pointsPerIteration: points asked per batch (one job array); minUnevaluatedPoints: ask
 * a new batch once fewer points than this are waiting/running; maxEvaluationJobs: jobs in all,
 * retries included (phpo's default 2 x maxPoints).
 */
public record Steering(
        int maxPoints, int parallelism, int pointsPerIteration, int minUnevaluatedPoints, int maxEvaluationJobs) {

    public Steering {
        if (maxPoints < 1) throw new IllegalArgumentException("max points must be >= 1, got " + maxPoints);
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        if (pointsPerIteration < 1)
            throw new IllegalArgumentException("points per iteration must be >= 1, got " + pointsPerIteration);
        if (minUnevaluatedPoints < 0)
            throw new IllegalArgumentException("min unevaluated points must be >= 0, got " + minUnevaluatedPoints);
        if (maxEvaluationJobs < maxPoints)
            throw new IllegalArgumentException(
                    "max evaluation jobs (" + maxEvaluationJobs + ") must be >= max points (" + maxPoints + ")");
    }

    public static Steering of(int maxPoints, int parallelism) {
        return new Steering(maxPoints, parallelism, parallelism, 0, 2 * maxPoints);
    }

    /**
     * How many new points to ask now, given done (finished trials), pending (asked, not finished) and
     * jobsUsed (submissions so far, retries included). 0 = wait.
     */
    public int pointsToAsk(int done, int pending, int jobsUsed) {
        if (pending > minUnevaluatedPoints) return 0;
        int left = Math.min(maxPoints - done - pending, maxEvaluationJobs - jobsUsed);
        return Math.max(0, Math.min(pointsPerIteration, left));
    }
}
