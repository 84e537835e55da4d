/** Ledger values: wallet, movement, token config (the grammar of scalar arguments is in {@code dev.tokenomics.rules}). */
package dev.tokenomics.chaincode.model;
