package org.hpckernel.sweep.export;

import java.nio.file.Path;

/**
 * An SQLAlchemy SQLite URL as Optuna takes it for {@code storage=}: {@code sqlite:///relative.db} (relative to
 * the working directory) or {@code sqlite:////absolute/path.db}. Only files: a server database (MySQL,
 * PostgreSQL) or {@code :memory:} would not outlive the export.
 */
public record SqliteUrl(Path file) {

    private static final String PREFIX = "sqlite:///";

    /** The file {@code url} names, a relative one resolved against {@code base}. */
    public static SqliteUrl parse(String url, Path base) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + url
                    + "' is not an SQLite URL: give sqlite:///study.db (a file next to the "
                    + "notebook) or sqlite:////absolute/path/study.db; only SQLite files are written");
        }
        String path = url.substring(PREFIX.length());
        if (path.isEmpty() || path.equals(":memory:") || path.contains("?")) {
            throw new IllegalArgumentException("'" + url
                    + "' names no file: give sqlite:///study.db or sqlite:////absolute/path/study.db"
                    + (path.contains("?") ? " (without ?options)" : ""));
        }
        return new SqliteUrl(base.resolve(path).toAbsolutePath().normalize());
    }

    /** The URL to give optuna.load_study: absolute, so it works from any working directory. */
    public String url() {
        return PREFIX + file;
    }
}
