/** TokenomicsContract (routing of the wire-named transactions) and the jar launcher. Rules live in {@code operations}. */
package dev.tokenomics.chaincode;
