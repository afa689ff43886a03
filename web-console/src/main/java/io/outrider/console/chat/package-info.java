/** Chat: commands from Slack, verified by their signature, acting as the Outrider user the chat user is mapped to. */
@NullMarked
package io.outrider.console.chat;

import org.jspecify.annotations.NullMarked;
