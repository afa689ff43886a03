/** The business impact of incidents: KPI rates during an incident against before it. */
@NullMarked
package io.outrider.dedup.impact;

import org.jspecify.annotations.NullMarked;
