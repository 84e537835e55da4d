/** Who the caller is and which role it holds (attribute first, MSP lists from the token config second). */
package dev.tokenomics.chaincode.access;
