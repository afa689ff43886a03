package io.outrider.logistics.supervisor;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the supervisor reports about one service.
 *
 * @param state {@code running}, {@code restarting} (died, a restart is due) or {@code stopped}
 */
public record ServiceStatus(
        String service,
        String state,
        long pid,
        int restarts,
        @Nullable Instant startedAt,
        String log) {}
