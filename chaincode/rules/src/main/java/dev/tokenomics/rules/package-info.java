/**
 * The chaincode's argument rules, shared by the chaincode (which maps {@link dev.tokenomics.rules.InvalidArgumentException}
 * to its {@code INVALID_ARGUMENT} rejection) and the client's outbox (which refuses such a command at enqueue).
 * Plain Java 11 with no dependencies: it is shaded into the chaincode jar and sits on the client's classpath.
 */
package dev.tokenomics.rules;
