package org.hpckernel.sweep;

import java.util.List;

/**
 * One parameter of a search space. Values are plain Java objects: Double, Long, String, Boolean.
 * Names of nested W&B parameters are dot paths ("optimizer.lr").
 */
public sealed interface Param permits Param.Real, Param.Int, Param.Choice, Param.Const, Param.Normal {

    String name();

    /**
     * A value read back from JSON (the ledger, a params table) as this parameter's Java type:
     * Double for reals and normals, Long for integers, the matching choice itself for choices.
     */
    default Object coerce(Object raw) {
        if (raw == null) return null;
        if ((this instanceof Real r && r.ints()) || (this instanceof Normal m && m.ints()))
            return raw instanceof Number n ? Math.round(n.doubleValue()) : raw;
        if (this instanceof Real || this instanceof Normal) return raw instanceof Number n ? n.doubleValue() : raw;
        if (this instanceof Int) return raw instanceof Number n ? n.longValue() : raw;
        if (this instanceof Choice c) {
            for (Object choice : c.choices()) {
                if (java.util.Objects.equals(choice, raw)
                        || String.valueOf(choice).equals(String.valueOf(raw))
                        || (choice instanceof Number a
                                && raw instanceof Number b
                                && a.doubleValue() == b.doubleValue())) return choice;
            }
            return raw;
        }
        if (this instanceof Const k) return k.value();
        return raw;
    }

    /**
     * Float in [low, high]; log samples uniformly in ln space; step (nullable) rounds to low + k*step.
     * ints: the value is handed out as an integer (W&B's q_* distributions with an integer q).
     */
    record Real(String name, double low, double high, boolean log, Double step, boolean ints) implements Param {
        public Real(String name, double low, double high, boolean log, Double step) {
            this(name, low, high, log, step, false);
        }

        public Real {
            if (!(low < high))
                throw new IllegalArgumentException(name + ": min (" + low + ") must be below max (" + high + ")");
            if (log && low <= 0) throw new IllegalArgumentException(name + ": a log scale needs min > 0, got " + low);
            if (step != null && !(step > 0))
                throw new IllegalArgumentException(name + ": q/step must be > 0, got " + step);
        }
    }

    /** Integer in [low, high] inclusive, every step-th value from low. */
    record Int(String name, long low, long high, boolean log, long step) implements Param {
        public Int {
            if (low > high)
                throw new IllegalArgumentException(name + ": min (" + low + ") must not exceed max (" + high + ")");
            if (log && low < 1) throw new IllegalArgumentException(name + ": a log scale needs min >= 1, got " + low);
            if (step < 1) throw new IllegalArgumentException(name + ": step must be >= 1, got " + step);
            if (log && step != 1) throw new IllegalArgumentException(name + ": log and step > 1 cannot be combined");
            high = low + (high - low) / step * step; // last value on the grid, like Optuna
        }
    }

    /** One of the choices; probabilities (nullable) weight random draws. */
    record Choice(String name, List<Object> choices, List<Double> probabilities) implements Param {
        public Choice {
            if (choices.isEmpty()) throw new IllegalArgumentException(name + ": values must not be empty");
            choices = java.util.Collections.unmodifiableList(
                    new java.util.ArrayList<>(choices)); // None is a value W&B allows
            if (probabilities != null) {
                if (probabilities.size() != choices.size())
                    throw new IllegalArgumentException(
                            name + ": probabilities needs one entry per value (" + choices.size() + ")");
                double sum =
                        probabilities.stream().mapToDouble(Double::doubleValue).sum();
                if (Math.abs(sum - 1) > 1e-6)
                    throw new IllegalArgumentException(name + ": probabilities must sum to 1, got " + sum);
                probabilities = List.copyOf(probabilities);
            }
        }
    }

    record Const(String name, Object value) implements Param {}

    /**
     * A normal prior, sampled only (TPE cannot model an unbounded domain; it draws these at random).
     * log: exp(N(mu, sigma)); q (nullable): rounded to a multiple of q.
     */
    record Normal(String name, double mu, double sigma, boolean log, Double q, boolean ints) implements Param {
        public Normal(String name, double mu, double sigma, boolean log, Double q) {
            this(name, mu, sigma, log, q, false);
        }

        public Normal {
            if (!(sigma > 0)) throw new IllegalArgumentException(name + ": sigma must be > 0, got " + sigma);
        }
    }
}
