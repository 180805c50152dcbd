package org.hpckernel.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * A scheduler's job id as the scheduler prints it ({@code 123}, {@code 123_4}, {@code 123.server},
 * {@code 123[4].server}), kept whole. The array parent and task index are derived, never stored apart.
 */
public record JobId(String value) {

    public JobId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a job id cannot be blank");
        }
        value = value.strip();
    }

    public static JobId of(String value) {
        return new JobId(value);
    }

    /** The array task index of {@code 123_4} or {@code 123[4].server}; empty for a plain job. */
    public Optional<Integer> arrayIndex() {
        int underscore = value.indexOf('_');
        if (underscore > 0) {
            return parseIndex(value.substring(underscore + 1));
        }
        int open = value.indexOf('[');
        int close = value.indexOf(']');
        if (open > 0 && close > open + 1) {
            return parseIndex(value.substring(open + 1, close));
        }
        return Optional.empty();
    }

    /** {@code 123} for {@code 123_4}, {@code 123[].server} for {@code 123[4].server}, itself otherwise. */
    public JobId arrayParent() {
        int underscore = value.indexOf('_');
        if (underscore > 0) {
            return new JobId(value.substring(0, underscore));
        }
        int open = value.indexOf('[');
        int close = value.indexOf(']');
        if (open > 0 && close > open) {
            return new JobId(value.substring(0, open + 1) + value.substring(close));
        }
        return this;
    }

    private static Optional<Integer> parseIndex(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException notAnIndex) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
