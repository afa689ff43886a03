package io.outrider.infra.elasticsearch;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which time-based Outrider indices have expired. Indices are named {@code outrider-FAMILY-YYYY.MM.DD} (daily) or
 * {@code outrider-FAMILY-YYYY.MM} (monthly, for alerts and audit); an index expires as a whole, once its last day is
 * older than the retention of its family. Other indices are never selected.
 *
 * @param days how many days daily indices are kept, besides today's
 * @param months how many months monthly indices are kept, besides the current one
 * @param daysByFamily overrides of {@code days} per family, e.g. {@code spans -> 3}, {@code reports -> 30}
 */
public record RetentionPolicy(int days, int months, Map<String, Integer> daysByFamily) {

    private static final Pattern DAILY = Pattern.compile("outrider-([a-z0-9-]+)-(\\d{4}\\.\\d{2}\\.\\d{2})");
    private static final Pattern MONTHLY = Pattern.compile("outrider-([a-z0-9-]+)-(\\d{4}\\.\\d{2})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM");

    public RetentionPolicy {
        if (days < 1) throw new IllegalArgumentException("retention days < 1: " + days);
        if (months < 1) throw new IllegalArgumentException("retention months < 1: " + months);
        daysByFamily = Map.copyOf(daysByFamily);
        daysByFamily.forEach((family, d) -> {
            if (d < 1) throw new IllegalArgumentException("retention days of family " + family + " < 1: " + d);
        });
    }

    /** The expired ones among {@code indices}, given that today is {@code today}, sorted. */
    public List<String> expired(Collection<String> indices, LocalDate today) {
        return indices.stream()
                .filter(index -> isExpired(index, today))
                .sorted()
                .toList();
    }

    boolean isExpired(String index, LocalDate today) {
        Matcher daily = DAILY.matcher(index);
        if (daily.matches()) {
            return parse(daily.group(2), DAY, LocalDate::parse)
                    .map(day -> day.isBefore(today.minusDays(daysByFamily.getOrDefault(daily.group(1), days))))
                    .orElse(false);
        }
        Matcher monthly = MONTHLY.matcher(index);
        if (monthly.matches()) {
            return parse(monthly.group(2), MONTH, YearMonth::parse)
                    .map(month -> month.isBefore(YearMonth.from(today).minusMonths(months)))
                    .orElse(false);
        }
        return false;
    }

    private interface Parser<T> {
        T parse(String text, DateTimeFormatter format);
    }

    private static <T> Optional<T> parse(String text, DateTimeFormatter format, Parser<T> parser) {
        try {
            return Optional.of(parser.parse(text, format));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // e.g. outrider-x-2026.13.40: not ours to delete
        }
    }
}
