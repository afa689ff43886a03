package io.outrider.console.notify;

import io.outrider.core.incident.Incident;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Routes incident changes to chat channels: reads each change of {@code outrider.incidents} (one consumer group for
 * all server instances, so each change is announced once), finds what is worth a message ({@link Notices}) and hands
 * it to every channel whose routing policy matches.
 */
public final class Notifier implements AutoCloseable {

    private final List<ChannelSender> senders;
    private final Notices notices = new Notices();
    private final Clock clock;

    public Notifier(NotifyProperties properties, Delivery.Log deliveries, Clock clock) {
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.senders = properties.channels().stream()
                .map(c -> new ChannelSender(c, properties.consoleUrl(), http, deliveries, clock))
                .toList();
    }

    /** One change of an incident: its notices to the channels whose policy matches. */
    public void changed(Incident incident) {
        for (Notice notice : notices.of(incident)) route(notice);
    }

    void route(Notice notice) {
        for (ChannelSender sender : senders) if (sender.channel().route().matches(notice)) sender.offer(notice);
    }

    /** Sends a test message to one channel (an admin checks the webhook and the secret). */
    public void test(String channel, String by) {
        ChannelSender sender = senders.stream()
                .filter(s -> s.channel().name().equals(channel))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no notification channel " + channel + "; known: "
                        + senders.stream().map(s -> s.channel().name()).toList()));
        sender.offer(new Notice(
                "TEST",
                Notice.TEST,
                "test message sent by " + by + " from the console",
                "info",
                "",
                new TreeSet<>(),
                "resolved",
                "Outrider can reach this channel",
                null,
                null,
                clock.instant()));
    }

    /** How each channel is doing. */
    public List<ChannelSender.Status> status() {
        return senders.stream().map(ChannelSender::status).toList();
    }

    @Override
    public void close() {
        senders.forEach(ChannelSender::close);
    }
}
