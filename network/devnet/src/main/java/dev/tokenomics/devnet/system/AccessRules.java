package dev.tokenomics.devnet.system;

import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;

/**
 * The policies Fabric's default ACL provider (core/aclmgmt) puts on system chaincode resources,
 * for the devnet's one org, which is both the channel's only org and the peer's own (local MSP).
 * A channel policy ({@value #READERS}, {@value #WRITERS}) is met by any member of the org whose
 * signature over the proposal verifies; a local one ({@value #MEMBERS}, {@value #ADMINS}) is
 * checked on the peer's org, {@value #ADMINS} needing the admin NodeOU. A check returns null when
 * the policy is met, else the text Fabric's policy checker gives.
 */
final class AccessRules {
    static final String READERS = "/Channel/Application/Readers";
    static final String WRITERS = "/Channel/Application/Writers";
    static final String MEMBERS = "Members";
    static final String ADMINS = "Admins";

    private final String channelId;
    private final Msp msp;

    AccessRules(String channelId, Msp msp) {
        this.channelId = channelId;
        this.msp = msp;
    }

    /**
     * Checks {@code policy} for a call on {@code channel}. Local policies ignore the channel, as
     * Fabric's peer-wide resources do; a channel policy on no channel cannot be met, since the
     * peer's local MSP has no principal of that name.
     */
    String check(String policy, String channel, SystemCall call) {
        if (policy.equals(MEMBERS) || policy.equals(ADMINS)) {
            return checkLocal(policy, call);
        }
        if (channel.isEmpty()) {
            return "Failed getting local MSP principal during channelless check policy with policy [" + policy
                    + "]: [MSP Principal role [" + policy + "] not recognized]";
        }
        if (!channel.equals(channelId)) {
            return "Failed to get policy manager for channel [" + channel + "]";
        }
        try {
            msp.verify(call.creator().toByteArray(), call.proposalBytes().toByteArray(), call.signature().toByteArray());
            return null;
        } catch (IdentityException e) {
            String subPolicy = policy.substring(policy.lastIndexOf('/') + 1);
            return "Failed evaluating policy on signed data during check policy on channel [" + channel + "] with policy ["
                    + policy + "]: [implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the '"
                    + subPolicy + "' sub-policies to be satisfied]";
        }
    }

    private String checkLocal(String policy, SystemCall call) {
        String prefix = "Failed verifying that proposal's creator satisfies local MSP principal during channelless check policy with policy ["
                + policy + "]: [";
        byte[] creator = call.creator().toByteArray();
        try {
            if (policy.equals(ADMINS) && !msp.hasRole(creator, "admin")) {
                return prefix + "The identity is not an admin under this MSP [" + msp.mspId() + "]: The identity does not contain OU [ADMIN], MSP: ["
                        + msp.mspId() + "]]";
            }
        } catch (IdentityException e) {
            return prefix + "The identity is not valid under this MSP [" + msp.mspId() + "]: " + e.getMessage() + "]";
        }
        try {
            msp.verify(creator, call.proposalBytes().toByteArray(), call.signature().toByteArray());
            return null;
        } catch (IdentityException e) {
            return prefix + "The identity is not valid under this MSP [" + msp.mspId() + "]: " + e.getMessage() + "]";
        }
    }
}
