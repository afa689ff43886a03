/**
 * Root-cause localization: which service of an incident is the faulty one, ranked from the anomaly evidence of
 * every service's series around the incident's start and, when known, the direction of calls
 * ({@link io.outrider.dedup.rca.Localizer}); the CSV format of offline analysis ({@link io.outrider.dedup.rca.MetricCsv}).
 */
@NullMarked
package io.outrider.dedup.rca;

import org.jspecify.annotations.NullMarked;
