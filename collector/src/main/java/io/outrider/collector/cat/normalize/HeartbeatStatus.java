package io.outrider.collector.cat.normalize;

import io.outrider.core.metric.MetricPoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The status XML of a CAT heartbeat as metric points: every {@code extension/extensionDetail} value as
 * {@code cat_heartbeat{domain, ip, extension, detail}}, plus the figures on-call engineers read first (heap used,
 * threads, load, GC) under names of their own. The parser refuses DTDs and external entities.
 */
public final class HeartbeatStatus {

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private HeartbeatStatus() {}

    /** Parses one status document; throws {@link IllegalArgumentException} when it is not well-formed XML. */
    static List<MetricPoint> parse(String domain, String ip, long timestampMillis, String xml) {
        Document document;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException(
                    "heartbeat of " + domain + " " + ip + " is not well-formed status XML: " + e.getMessage(), e);
        }
        List<MetricPoint> points = new ArrayList<>();
        Map<String, String> series = Map.of("domain", domain, "ip", ip);
        NodeList extensions = document.getElementsByTagName("extension");
        for (int i = 0; i < extensions.getLength(); i++) {
            Element extension = (Element) extensions.item(i);
            NodeList details = extension.getElementsByTagName("extensionDetail");
            for (int j = 0; j < details.getLength(); j++) {
                Element detail = (Element) details.item(j);
                Double value = number(detail.getAttribute("value"));
                if (value == null) continue;
                points.add(MetricPoint.of(
                        "cat_heartbeat",
                        Map.of(
                                "domain",
                                domain,
                                "ip",
                                ip,
                                "extension",
                                extension.getAttribute("id"),
                                "detail",
                                detail.getAttribute("id")),
                        timestampMillis,
                        value));
            }
        }
        first(document, "memory").ifPresent(memory -> {
            add(points, "jvm_heap_used_bytes", series, timestampMillis, memory.getAttribute("heap-usage"));
            add(points, "jvm_heap_max_bytes", series, timestampMillis, memory.getAttribute("max"));
        });
        first(document, "thread")
                .ifPresent(thread -> add(points, "jvm_threads", series, timestampMillis, thread.getAttribute("count")));
        first(document, "os")
                .ifPresent(os -> add(
                        points,
                        "system_load_average",
                        series,
                        timestampMillis,
                        os.getAttribute("system-load-average")));
        NodeList gcs = document.getElementsByTagName("gc");
        for (int i = 0; i < gcs.getLength(); i++) {
            Element gc = (Element) gcs.item(i);
            Map<String, String> labels = Map.of("domain", domain, "ip", ip, "gc", gc.getAttribute("name"));
            add(points, "jvm_gc_count", labels, timestampMillis, gc.getAttribute("count"));
            add(points, "jvm_gc_time_ms", labels, timestampMillis, gc.getAttribute("time"));
        }
        return points;
    }

    private static java.util.Optional<Element> first(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? java.util.Optional.empty() : java.util.Optional.of((Element) nodes.item(0));
    }

    private static void add(
            List<MetricPoint> points, String name, Map<String, String> labels, long timestampMillis, String text) {
        Double value = number(text);
        if (value != null) points.add(MetricPoint.of(name, labels, timestampMillis, value));
    }

    private static @org.jspecify.annotations.Nullable Double number(String text) {
        if (text.isBlank()) return null;
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static DocumentBuilderFactory secureFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }
}
