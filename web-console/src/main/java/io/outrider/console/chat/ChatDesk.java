package io.outrider.console.chat;

import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.security.Role;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where chat commands from every platform are let in and carried out: the chat user must be mapped to an Outrider
 * user, whose role applies (a viewer may only ask); each change is audited (kind {@code chat}), allowed or not.
 */
public final class ChatDesk implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatDesk.class);

    private final ChatCommands.Actions actions;
    private final Function<String, @Nullable Role> roleOf;
    private final ConsoleAudit audit;
    private final java.util.concurrent.ExecutorService later =
            java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "chat-after-answer");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * @param roleOf the role of an Outrider user, or null when it is no configured user
     */
    public ChatDesk(ChatCommands.Actions actions, Function<String, @Nullable Role> roleOf, ConsoleAudit audit) {
        this.actions = actions;
        this.roleOf = roleOf;
        this.audit = audit;
    }

    /**
     * Why {@code command} is refused, or null when it may run.
     *
     * @param platform slack or feishu
     * @param chatUser the platform's user id
     * @param user the Outrider user it is mapped to, or null
     */
    public @Nullable String refusal(
            String platform, String chatUser, @Nullable String user, ChatCommands.Command command) {
        Role role = user == null ? null : roleOf.apply(user);
        if (user == null || role == null)
            return "You (" + chatUser + ") are not mapped to an Outrider user: an admin adds you to outrider.chat."
                    + platform + ".users.";
        if (command.changes() && role == Role.VIEWER) {
            record(platform, user, command, chatUser, 403);
            return user + " is a viewer: acknowledging, resolving and approving need a responder.";
        }
        return null;
    }

    /** Runs a command that was let in and audits it; the answer is its outcome or what went wrong. */
    public String execute(String platform, String chatUser, String user, ChatCommands.Command command) {
        try {
            String answer = ChatCommands.run(command, user, actions);
            if (command.changes()) record(platform, user, command, chatUser, 200);
            return answer;
        } catch (NoSuchElementException e) {
            return "Not found: " + e.getMessage();
        } catch (SecurityException e) {
            record(platform, user, command, chatUser, 403);
            return "Not allowed: " + e.getMessage();
        } catch (IllegalStateException | IllegalArgumentException e) {
            record(platform, user, command, chatUser, 409);
            return "Cannot: " + e.getMessage();
        } catch (Exception e) {
            log.warn("{} command {} by {} failed: {}", platform, command, user, e.toString());
            return "Failed: " + e.getMessage() + " (try again, or use the console)";
        }
    }

    /**
     * Work that goes on after the platform got its answer (they wait 3 s): a run's approval, a button's outcome.
     */
    public void later(Runnable work) {
        later.submit(work);
    }

    @Override
    public void close() {
        later.shutdownNow();
    }

    private void record(String platform, String user, ChatCommands.Command command, String chatUser, int status) {
        try {
            audit.record(
                    "chat",
                    user,
                    platform + " " + command.verb() + " " + command.id(),
                    platform + " user " + chatUser,
                    status);
        } catch (Exception e) {
            log.warn("Audit of the {} command {} by {} not written: {}", platform, command, user, e.toString());
        }
    }
}
