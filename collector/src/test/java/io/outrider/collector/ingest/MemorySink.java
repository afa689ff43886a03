package io.outrider.collector.ingest;

import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.MessageTree;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what it is given; can be told to be congested or unavailable. */
public final class MemorySink implements IngestSink {
    public final List<MessageTree> trees = new CopyOnWriteArrayList<>();
    public final List<MetricPoint> points = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    public volatile boolean congested;
    public volatile boolean unavailable;

    @Override
    public void accept(MessageTree tree) {
        trees.add(tree);
    }

    @Override
    public void accept(MetricPoint point) {
        points.add(point);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        deadLetters.add(letter);
    }

    @Override
    public boolean congested() {
        return congested || unavailable;
    }

    @Override
    public boolean unavailable() {
        return unavailable;
    }
}
