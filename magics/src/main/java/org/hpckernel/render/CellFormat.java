package org.hpckernel.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.columns.Column;

/** One table cell as readable text: numbers without float noise, missing values blank. */
final class CellFormat {

    private CellFormat() {}

    static String format(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        ColumnType type = column.type();
        if (type == ColumnType.DOUBLE || type == ColumnType.FLOAT) {
            return number(((NumberColumn<?, ?>) column).getDouble(row));
        }
        return column.getString(row);
    }

    /**
     * Integral values print as integers (3, not 3.0); others with 6 significant digits, plain between
     * 1e-4 and 1e9 and scientific outside. Integers are not grouped: ids and steps read better bare.
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double abs = Math.abs(v);
        if (v == Math.rint(v) && abs < 1e15) {
            return Long.toString((long) v);
        }
        if (abs >= 1e-4 && abs < 1e9) {
            return new BigDecimal(v)
                    .round(new MathContext(6))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }
}
