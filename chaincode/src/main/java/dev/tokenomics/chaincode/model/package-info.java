/** Ledger values (wallet, movement, token config) and the grammar of scalar arguments. */
package dev.tokenomics.chaincode.model;
