/** Similar incidents: past (and other current) incidents whose symptom signature is closest to one's. */
@NullMarked
package io.outrider.dedup.similar;

import org.jspecify.annotations.NullMarked;
