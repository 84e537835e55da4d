/** Business rejections: stable codes and the JSON error payload clients branch on. */
package dev.tokenomics.chaincode.errors;
