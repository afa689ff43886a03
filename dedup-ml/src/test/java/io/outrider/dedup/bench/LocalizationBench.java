package io.outrider.dedup.bench;

import io.outrider.dedup.rca.Localizer;
import io.outrider.dedup.rca.ServiceSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Localization time for one incident: {@code SERVICES} services (default 50) with 8 metrics each, an hour of
 * one-second samples (3,600 per series), a chain of calls, one faulty service; the median and maximum of 20 runs
 * after 5 of warm-up. Run: {@code scripts/bench-rca [SERVICES]}.
 */
public final class LocalizationBench {

    public static void main(String[] args) {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int samples = 3600;
        long start = 1_700_000_000_000L + 3_000_000L; // the fault begins after 50 minutes
        SplittableRandom random = new SplittableRandom(1);
        List<ServiceSeries> series = new ArrayList<>();
        Map<String, Set<String>> calls = new HashMap<>();
        String faulty = "svc-" + services / 2;
        for (int s = 0; s < services; s++) {
            String name = "svc-" + s;
            if (s + 1 < services) calls.put(name, Set.of("svc-" + (s + 1)));
            for (String metric : List.of("cpu", "mem", "lat_50", "lat_90", "lat_99", "errors", "rps", "gc")) {
                long[] times = new long[samples];
                double[] values = new double[samples];
                for (int i = 0; i < samples; i++) {
                    times[i] = 1_700_000_000_000L + i * 1000L;
                    boolean after = times[i] >= start;
                    values[i] = 100 + 10 * random.nextGaussian() + (after && name.equals(faulty) ? 80 : 0);
                }
                series.add(new ServiceSeries(name, metric, times, values));
            }
        }
        long[] nanos = new long[25];
        String top = "";
        for (int run = 0; run < nanos.length; run++) {
            long t0 = System.nanoTime();
            top = Localizer.rank(series, start, calls).getFirst().service();
            nanos[run] = System.nanoTime() - t0;
        }
        long[] measured = java.util.Arrays.copyOfRange(nanos, 5, nanos.length);
        java.util.Arrays.sort(measured);
        System.out.printf(
                Locale.ROOT,
                "localization of one incident: %d services x 8 metrics x %,d samples: median %.1f ms, max %.1f ms"
                        + " (target < 1,000 ms); top suspect %s (faulty: %s)%n",
                services,
                samples,
                measured[measured.length / 2] / 1e6,
                measured[measured.length - 1] / 1e6,
                top,
                faulty);
    }
}
