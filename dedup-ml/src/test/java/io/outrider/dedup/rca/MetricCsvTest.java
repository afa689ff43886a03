package io.outrider.dedup.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricCsvTest {

    private static List<ServiceSeries> read(String text) throws Exception {
        return MetricCsv.read(new BufferedReader(new StringReader(text)), "test.csv");
    }

    @Test
    void servicesAreWhatComesBeforeTheFirstUnderscore() throws Exception {
        List<ServiceSeries> series =
                read("time,front-end_mem,orders_lat_99,carts_cpu\n1700000000,10,,0.5\n1700000001.5,11,NaN,0.6\n");
        assertThat(series).extracting(ServiceSeries::service).containsExactly("front-end", "orders", "carts");
        assertThat(series).extracting(ServiceSeries::metric).containsExactly("mem", "lat_99", "cpu");
        assertThat(series.get(0).times()).containsExactly(1_700_000_000_000L, 1_700_000_001_500L);
        assertThat(series.get(1).values()[0]).isNaN();
        assertThat(series.get(2).values()).containsExactly(0.5, 0.6);
    }

    @Test
    void badInputIsNamedByLineAndColumn() {
        assertThatThrownBy(() -> read("ts,a_cpu\n1,2\n")).hasMessageContaining("no time column");
        assertThatThrownBy(() -> read("time,a_cpu\n1,2\n2,high\n"))
                .hasMessageContaining("line 3, column a_cpu: 'high' is not a number");
        assertThatThrownBy(() -> read("time,a_cpu\n5,2\n4,2\n")).hasMessageContaining("line 3 goes back in time");
        assertThatThrownBy(() -> read("time,a_cpu\n5,2,3\n")).hasMessageContaining("line 2 has 3 cells");
        assertThatThrownBy(() -> read("")).hasMessageContaining("empty");
    }
}
