import org.hpckernel.tracking.Metrics;
import org.hpckernel.tracking.MetricsSummary;

import java.nio.file.Path;
import java.util.Map;

/** Summarises a metrics.jsonl with hpc-kernel's streaming summariser; prints seconds and the table. */
public class MetricsBench {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        MetricsSummary s = MetricsSummary.of(Path.of(args[0]));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println(Metrics.summaryTable(Map.of("bench", s), null).print());
        System.out.printf("hpc-kernel summarise: %d rows in %.3f s%n", s.rows(), secs);
    }
}
