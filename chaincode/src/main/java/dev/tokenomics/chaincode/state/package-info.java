/** Key layout and typed world-state access; every read is a GetState that lands in the read set. */
package dev.tokenomics.chaincode.state;
