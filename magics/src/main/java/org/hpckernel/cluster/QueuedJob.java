package org.hpckernel.cluster;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One job as the scheduler's queue shows it, for {@code %hpc queue}: anyone's job, not only ours.
 * {@code start} is the scheduler's estimate for a pending job (empty when it has none, as Grid
 * Engine never does) and the real start for a running one; it is the cluster's local time, as every
 * scheduler prints it. {@code id} is kept as printed ({@code 123_[4-9%2]} for a pending array
 * range). {@code priority} is as the scheduler prints it (an integer on Slurm, a fraction on Grid
 * Engine); {@code timeLeft} is the limit for a pending job. {@code nodes}/{@code cpus} are 0 when not
 * shown.
 */
public record QueuedJob(
        String id,
        String name,
        String user,
        String partition,
        JobState state,
        String schedulerState,
        String reason,
        Optional<LocalDateTime> start,
        String priority,
        Optional<Duration> timeLeft,
        int nodes,
        int cpus) {

    public boolean pending() {
        return state == JobState.PENDING;
    }
}
