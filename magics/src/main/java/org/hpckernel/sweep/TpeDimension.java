package org.hpckernel.sweep;

/**
 * One parameter as a dimension of TPE's Parzen estimators, on Optuna's internal scale: [low, high] is the
 * kernels' truncation interval (ln for log parameters; widened by step/2 for stepped and integer ones, so
 * each grid value owns a cell of equal width). A candidate is held as the value it will become (a grid
 * value, a log integer, a choice's index) so that exactly that value is scored, as Optuna does.
 */
record TpeDimension(
        Param param, Kind kind, double low, double high, double step, double gridLow, double gridHigh, int nChoices) {

    enum Kind {
        /** A real, on its own or its ln scale: scored by the kernel's density. */
        CONTINUOUS,
        /** An integer or stepped real on a linear grid: scored by the mass of the value's cell. */
        STEPPED,
        /** A log integer: scored by the mass of [ln(x - 1/2), ln(x + 1/2)] (Optuna 4.7, PR #6258). */
        LOG_INT,
        /** A choice, by index: scored by the kernels' rows. */
        CHOICE
    }

    static TpeDimension of(Param p) {
        if (p instanceof Param.Choice c) {
            return new TpeDimension(p, Kind.CHOICE, 0, 0, 0, 0, 0, c.choices().size());
        }
        if (p instanceof Param.Int i) {
            if (i.log()) {
                return new TpeDimension(
                        p, Kind.LOG_INT, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 1, i.low(), i.high(), 0);
            }
            long top = i.low() + (i.high() - i.low()) / i.step() * i.step();
            return new TpeDimension(
                    p, Kind.STEPPED, i.low() - i.step() / 2.0, top + i.step() / 2.0, i.step(), i.low(), top, 0);
        }
        Param.Real r = (Param.Real) p;
        if (r.log()) {
            return new TpeDimension(p, Kind.CONTINUOUS, Math.log(r.low()), Math.log(r.high()), 0, 0, 0, 0);
        }
        if (r.step() != null) {
            double top = r.low() + Math.floor((r.high() - r.low()) / r.step() + 1e-9) * r.step();
            return new TpeDimension(
                    p, Kind.STEPPED, r.low() - r.step() / 2, top + r.step() / 2, r.step(), r.low(), top, 0);
        }
        return new TpeDimension(p, Kind.CONTINUOUS, r.low(), r.high(), 0, 0, 0, 0);
    }

    static boolean samplable(Param p) {
        return p instanceof Param.Choice || p instanceof Param.Int || p instanceof Param.Real;
    }

    boolean log() {
        return param instanceof Param.Int i ? i.log() : param instanceof Param.Real r && r.log();
    }

    /** An observed value as a kernel centre (internal scale; a choice's index), NaN when it does not fit. */
    double centre(Object value) {
        if (kind == Kind.CHOICE) {
            int i = ((Param.Choice) param).choices().indexOf(value);
            return i < 0 ? Double.NaN : i;
        }
        if (!(value instanceof Number n)) {
            return Double.NaN;
        }
        double x = n.doubleValue();
        return log() ? Math.log(x) : x;
    }

    /** A draw on [low, high] as the candidate it becomes: rounded onto the grid and clipped into it. */
    double snap(double t) {
        return switch (kind) {
            case CONTINUOUS, CHOICE -> t;
            case STEPPED -> Math.max(gridLow, Math.min(gridHigh, gridLow + Math.rint((t - gridLow) / step) * step));
            case LOG_INT -> Math.max(gridLow, Math.min(gridHigh, Math.rint(Math.exp(t))));
        };
    }

    /**
     * ln of kernel (mu, sigma)'s untruncated density or cell mass at candidate x (the truncation's ln Z is
     * subtracted by the caller). {@code scaleFree} drops the -ln sigma of a density, as Optuna 3.1-3.4 did
     * (optuna#5109); cell masses have no such factor.
     */
    double logKernel(double x, double mu, double sigma, boolean scaleFree) {
        return switch (kind) {
            case CONTINUOUS -> Normals.logPdf((x - mu) / sigma) - (scaleFree ? 0 : Math.log(sigma));
            case STEPPED -> logMass(x - step / 2, x + step / 2, mu, sigma);
            case LOG_INT -> logMass(Math.log(x - 0.5), Math.log(x + 0.5), mu, sigma);
            case CHOICE -> throw new IllegalStateException("a choice has no numeric kernel");
        };
    }

    private static double logMass(double lo, double hi, double mu, double sigma) {
        double m = Normals.mass((lo - mu) / sigma, (hi - mu) / sigma);
        // far tails underflow: the density at the cell's centre times its width
        return m > 0 ? Math.log(m) : Normals.logPdf((0.5 * (lo + hi) - mu) / sigma) + Math.log((hi - lo) / sigma);
    }

    /** The candidate as the parameter's value. */
    Object external(double x) {
        return switch (kind) {
            case CHOICE -> ((Param.Choice) param).choices().get((int) x);
            case LOG_INT -> (long) x;
            case STEPPED ->
                param instanceof Param.Int ? (Object) Math.round(x) : RandomSampler.roundReal((Param.Real) param, x);
            case CONTINUOUS -> RandomSampler.roundReal((Param.Real) param, log() ? Math.exp(x) : x);
        };
    }
}
