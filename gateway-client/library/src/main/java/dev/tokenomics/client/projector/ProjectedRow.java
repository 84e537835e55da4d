package dev.tokenomics.client.projector;

import java.util.Comparator;

/**
 * What identifies a wallet_transaction row: its transaction and the command's position in it (0
 * for a transaction of one command). Reconcile counts the ledger's and the read model's in these.
 */
record ProjectedRow(String txId, int position) implements Comparable<ProjectedRow> {
    private static final Comparator<ProjectedRow> ORDER = Comparator.comparing(ProjectedRow::txId).thenComparingInt(ProjectedRow::position);

    @Override
    public int compareTo(ProjectedRow other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return position == 0 ? txId : txId + "#" + position;
    }
}
