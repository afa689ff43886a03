package io.outrider.alert.window;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** A series: a metric name and its labels (sorted, so equal series are equal). */
public record Series(String name, SortedMap<String, String> labels) {

    public Series {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
