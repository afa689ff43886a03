package io.outrider.console.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The commands people type in chat ({@code /outrider ack INC-…}) and what they do, through {@link Actions}. Plain
 * code: the Slack endpoint feeds it, the tests drive it directly.
 */
public final class ChatCommands {

    /** What a chat command can do in Outrider, as a given user. */
    public interface Actions {
        String acknowledge(String incidentId, String user) throws Exception;

        String resolve(String incidentId, String user) throws Exception;

        String status(String incidentId) throws Exception;

        String approve(String runId, String user) throws Exception;

        String reject(String runId, String user, String why) throws Exception;
    }

    /**
     * A parsed command.
     *
     * @param verb ack, resolve, status, approve, reject or help
     * @param id the incident or run it names
     * @param rest the words after the id (a rejection's reason)
     * @param changes whether it changes something (a viewer may only ask)
     * @param slow whether it may take longer than a chat platform waits for an answer (approving runs steps)
     */
    public record Command(String verb, String id, String rest, boolean changes, boolean slow) {}

    public static final String HELP = "Commands: `ack INCIDENT`, `resolve INCIDENT`, `status INCIDENT`, "
            + "`runbook approve RUN`, `runbook reject RUN [why]`.";

    private ChatCommands() {}

    /** The command in {@code text}; throws with the help when it is none. */
    public static Command parse(String text) {
        List<String> words = Arrays.stream(text.strip().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
        if (words.isEmpty() || words.getFirst().equalsIgnoreCase("help"))
            return new Command("help", "", "", false, false);
        String verb = words.getFirst().toLowerCase(Locale.ROOT);
        if (verb.equals("runbook") || verb.equals("run")) {
            if (words.size() < 3)
                throw new IllegalArgumentException("say which run: `runbook approve RUN` or `runbook reject RUN`");
            String action = words.get(1).toLowerCase(Locale.ROOT);
            String rest = String.join(" ", words.subList(3, words.size()));
            return switch (action) {
                case "approve" -> new Command("approve", words.get(2), rest, true, true);
                case "reject" -> new Command("reject", words.get(2), rest, true, false);
                default -> throw new IllegalArgumentException("runbook " + action + " is not a command. " + HELP);
            };
        }
        if (words.size() < 2) throw new IllegalArgumentException("say which incident: `" + verb + " INCIDENT`");
        return switch (verb) {
            case "ack", "acknowledge" -> new Command("ack", words.get(1), "", true, false);
            case "resolve" -> new Command("resolve", words.get(1), "", true, false);
            case "status" -> new Command("status", words.get(1), "", false, false);
            default -> throw new IllegalArgumentException(verb + " is not a command. " + HELP);
        };
    }

    /**
     * The command of a message button (Slack's {@code action_id}, Feishu's {@code value.action}) on an incident or run
     * id.
     */
    public static Command button(String action, String id) {
        if (id.isBlank()) throw new IllegalArgumentException("the button names no incident or run");
        return switch (action) {
            case "ack" -> new Command("ack", id, "", true, false);
            case "resolve" -> new Command("resolve", id, "", true, false);
            case "status" -> new Command("status", id, "", false, false);
            case "approve" -> new Command("approve", id, "", true, true);
            case "reject" -> new Command("reject", id, "rejected in chat", true, false);
            default -> throw new IllegalArgumentException("button " + action + " is not an action. " + HELP);
        };
    }

    /** Runs {@code command} as {@code user}; the answer is the text to show in the channel. */
    public static String run(Command command, String user, Actions actions) throws Exception {
        return switch (command.verb()) {
            case "ack" -> actions.acknowledge(command.id(), user);
            case "resolve" -> actions.resolve(command.id(), user);
            case "status" -> actions.status(command.id());
            case "approve" -> actions.approve(command.id(), user);
            case "reject" ->
                actions.reject(command.id(), user, command.rest().isEmpty() ? "rejected in chat" : command.rest());
            default -> HELP;
        };
    }
}
