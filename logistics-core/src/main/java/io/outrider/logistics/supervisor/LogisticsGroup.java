package io.outrider.logistics.supervisor;

import io.outrider.logistics.LogisticsService;
import io.outrider.logistics.platform.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole logistics core from the command line: {@code --rate=20 --base-port=7070 ...} plus every option of
 * {@link ServiceConfig} except {@code --service}. Stops everything on SIGTERM.
 */
public final class LogisticsGroup {

    private LogisticsGroup() {}

    /** The launcher for services when running from a plain classpath (not a packaged application). */
    public static List<String> classpathLauncher() {
        List<String> launcher = new ArrayList<>();
        launcher.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        launcher.addAll(LogisticsSupervisor.serviceJvmOptions());
        launcher.addAll(List.of("-cp", System.getProperty("java.class.path"), LogisticsService.class.getName()));
        return launcher;
    }

    /**
     * Parses the group options: {@code --rate} (orders/s, default 20), {@code --sim-start} (simulated time of day at
     * start, default 11:30), {@code --profile} ({@code daily} peaks, or {@code flat} at the base rate), and the
     * {@link ServiceConfig} options.
     */
    public static LogisticsSupervisor.Settings settings(String[] args, List<String> launcher) {
        double rate = 20;
        LocalTime simStart = LocalTime.of(11, 30);
        boolean dailyProfile = true;
        List<String> serviceArgs = new ArrayList<>(List.of("--service=order"));
        for (String arg : args) {
            if (arg.startsWith("--rate=")) rate = Double.parseDouble(arg.substring("--rate=".length()));
            else if (arg.startsWith("--sim-start=")) simStart = LocalTime.parse(arg.substring("--sim-start=".length()));
            else if (arg.startsWith("--profile=")) dailyProfile = profile(arg.substring("--profile=".length()));
            else serviceArgs.add(arg);
        }
        ServiceConfig config = ServiceConfig.parse(serviceArgs.toArray(String[]::new));
        Instant simulatedStart =
                LocalDate.now(ZoneOffset.ofHours(8)).atTime(simStart).toInstant(ZoneOffset.ofHours(8));
        return new LogisticsSupervisor.Settings(launcher, config, rate, simulatedStart, dailyProfile);
    }

    private static boolean profile(String name) {
        return switch (name) {
            case "daily" -> true;
            case "flat" -> false;
            default -> throw new IllegalArgumentException("--profile must be daily or flat: " + name);
        };
    }

    public static void main(String[] args) throws InterruptedException {
        LogisticsSupervisor supervisor =
                new LogisticsSupervisor(settings(args, classpathLauncher())).start(Duration.ofSeconds(90));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            supervisor.close();
                            stopped.countDown();
                        },
                        "stop-logistics"));
        System.out.println("Logistics core running; services: "
                + Arrays.toString(supervisor.services().toArray()));
        stopped.await();
    }
}
