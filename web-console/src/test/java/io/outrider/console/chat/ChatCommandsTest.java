package io.outrider.console.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCommandsTest {

    /** Records what the commands asked for. */
    static final class Recorded implements ChatCommands.Actions {
        final List<String> calls = new ArrayList<>();

        @Override
        public String acknowledge(String incidentId, String user) {
            calls.add("ack " + incidentId + " " + user);
            return "acked";
        }

        @Override
        public String resolve(String incidentId, String user) {
            calls.add("resolve " + incidentId + " " + user);
            return "resolved";
        }

        @Override
        public String status(String incidentId) {
            calls.add("status " + incidentId);
            return "status";
        }

        @Override
        public String approve(String runId, String user) {
            calls.add("approve " + runId + " " + user);
            return "approved";
        }

        @Override
        public String reject(String runId, String user, String why) {
            calls.add("reject " + runId + " " + user + " " + why);
            return "rejected";
        }
    }

    @Test
    void commandsAreReadAndRunAsTheMappedUser() throws Exception {
        Recorded actions = new Recorded();
        for (String text : List.of(
                "ack INC-1",
                "  acknowledge   INC-2 ",
                "resolve INC-3",
                "status INC-4",
                "runbook approve RUN-5",
                "runbook reject RUN-6 not during the promotion",
                "runbook reject RUN-7")) ChatCommands.run(ChatCommands.parse(text), "alice", actions);

        assertThat(actions.calls)
                .containsExactly(
                        "ack INC-1 alice",
                        "ack INC-2 alice",
                        "resolve INC-3 alice",
                        "status INC-4",
                        "approve RUN-5 alice",
                        "reject RUN-6 alice not during the promotion",
                        "reject RUN-7 alice rejected in chat");
    }

    @Test
    void whatChangesAndWhatTakesLongAreKnownBeforeRunning() {
        assertThat(ChatCommands.parse("status INC-1").changes()).isFalse();
        assertThat(ChatCommands.parse("ack INC-1").changes()).isTrue();
        assertThat(ChatCommands.parse("runbook approve RUN-1").slow()).isTrue();
        assertThat(ChatCommands.parse("ack INC-1").slow()).isFalse();
    }

    @Test
    void anythingElseAnswersWithTheHelp() throws Exception {
        assertThat(ChatCommands.run(ChatCommands.parse(""), "alice", new Recorded()))
                .isEqualTo(ChatCommands.HELP);
        assertThatThrownBy(() -> ChatCommands.parse("reboot prod")).hasMessageContaining("Commands:");
        assertThatThrownBy(() -> ChatCommands.parse("ack")).hasMessageContaining("say which incident");
        assertThatThrownBy(() -> ChatCommands.parse("runbook approve")).hasMessageContaining("say which run");
        assertThatThrownBy(() -> ChatCommands.parse("runbook launch RUN-1")).hasMessageContaining("Commands:");
    }

    @Test
    void buttonsAreTheSameCommandsAsTheirWords() {
        assertThat(ChatCommands.button("ack", "INC-1")).isEqualTo(ChatCommands.parse("ack INC-1"));
        assertThat(ChatCommands.button("approve", "RUN-1")).isEqualTo(ChatCommands.parse("runbook approve RUN-1"));
        assertThat(ChatCommands.button("reject", "RUN-1").rest()).isEqualTo("rejected in chat");
        assertThatThrownBy(() -> ChatCommands.button("reboot", "INC-1")).hasMessageContaining("not an action");
        assertThatThrownBy(() -> ChatCommands.button("ack", " ")).hasMessageContaining("names no incident");
    }
}
