package io.outrider.alert.rule;

import io.outrider.alert.silence.InhibitRule;
import io.outrider.alert.silence.MaintenanceWindow;
import java.util.ArrayList;
import java.util.List;

/** What rule files declare: rules, inhibition rules and maintenance windows. */
public record RuleSet(List<Rule> rules, List<InhibitRule> inhibitRules, List<MaintenanceWindow> maintenanceWindows) {

    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of(), List.of());

    public RuleSet {
        rules = List.copyOf(rules);
        inhibitRules = List.copyOf(inhibitRules);
        maintenanceWindows = List.copyOf(maintenanceWindows);
    }

    public RuleSet plus(RuleSet other) {
        List<Rule> r = new ArrayList<>(rules);
        r.addAll(other.rules);
        List<InhibitRule> i = new ArrayList<>(inhibitRules);
        i.addAll(other.inhibitRules);
        List<MaintenanceWindow> m = new ArrayList<>(maintenanceWindows);
        m.addAll(other.maintenanceWindows);
        return new RuleSet(r, i, m);
    }
}
