package dev.tokenomics.client.projector;

import java.util.ArrayList;
import java.util.List;

/** Findings of one reconcile; empty means the read model equals the ledger and every invariant holds. */
public final class ReconcileReport {
    private final List<String> problems = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();

    void problem(String text) {
        problems.add(text);
    }

    void fact(String text) {
        facts.add(text);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Readable diff; the last line is {@code reconcile: OK} or {@code reconcile: FAILED (n problems)}. */
    public String render() {
        StringBuilder text = new StringBuilder();
        facts.forEach(fact -> text.append("  ").append(fact).append('\n'));
        problems.forEach(problem -> text.append("  MISMATCH ").append(problem).append('\n'));
        text.append(ok() ? "reconcile: OK" : "reconcile: FAILED (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")");
        return text.toString();
    }
}
