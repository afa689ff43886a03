package io.outrider.console.postmortem;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Postmortems and analytics ({@code outrider.postmortems.*}).
 *
 * @param goalDetect how soon an incident should be detected (the lessons compare against it)
 * @param goalLocate how soon its root cause should be ranked
 * @param goalMitigate how soon its impact should be contained
 * @param zone the on-call team's time zone, for weeks and working hours
 * @param workFrom working hours start
 * @param workTo working hours end
 * @param workDays working days
 */
@ConfigurationProperties("outrider.postmortems")
public record PostmortemProperties(
        @DefaultValue("1m") Duration goalDetect,
        @DefaultValue("5m") Duration goalLocate,
        @DefaultValue("10m") Duration goalMitigate,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("09:00") LocalTime workFrom,
        @DefaultValue("18:00") LocalTime workTo,

        @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"})
        List<DayOfWeek> workDays) {

    public PostmortemDraft.Goals goals() {
        return new PostmortemDraft.Goals(goalDetect, goalLocate, goalMitigate);
    }

    public OnCallAnalytics.WorkingHours workingHours() {
        return new OnCallAnalytics.WorkingHours(zone, workFrom, workTo, Set.copyOf(workDays));
    }
}
