/**
 * Outgoing chat notifications: incident changes routed to channels (Slack, Mattermost, DingTalk, Feishu, any
 * webhook), each within its platform's rate limit (digests when updates pile up), retried with backoff, threaded
 * where the platform allows, every delivery and failure recorded.
 */
@NullMarked
package io.outrider.console.notify;

import org.jspecify.annotations.NullMarked;
