package dev.tokenomics.client.projector;

import java.util.List;

/** A block reduced to what the read model needs: its number and its endorser transactions in order. */
public record ParsedBlock(long number, List<ParsedTransaction> transactions) {
}
