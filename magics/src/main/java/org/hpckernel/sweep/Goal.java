package org.hpckernel.sweep;

public enum Goal {
    MINIMIZE,
    MAXIMIZE;

    /** The value turned into "smaller is better". */
    double loss(double value) {
        return this == MINIMIZE ? value : -value;
    }

    public static Goal parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "minimize", "min" -> MINIMIZE;
            case "maximize", "max" -> MAXIMIZE;
            default -> throw new IllegalArgumentException("metric.goal must be minimize or maximize, got '" + s + "'");
        };
    }
}
