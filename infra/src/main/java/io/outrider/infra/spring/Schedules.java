package io.outrider.infra.spring;

import java.time.Duration;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** Outrider's Quartz jobs: durable, in the {@value #GROUP} group, each fired by one repeating trigger. */
public final class Schedules {

    public static final String GROUP = "outrider";

    private Schedules() {}

    /** A durable job named {@code name}. */
    public static JobDetail job(Class<? extends Job> type, String name, String description) {
        return JobBuilder.newJob(type)
                .withIdentity(name, GROUP)
                .withDescription(description)
                .storeDurably()
                .build();
    }

    /** Fires the job {@code name} now and every {@code interval}; a firing missed while busy is skipped. */
    public static Trigger every(String name, Duration interval) {
        return TriggerBuilder.newTrigger()
                .forJob(name, GROUP)
                .withIdentity(name, GROUP)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
