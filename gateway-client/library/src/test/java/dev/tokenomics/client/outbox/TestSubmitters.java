package dev.tokenomics.client.outbox;

import java.util.function.Consumer;

/** Tests in other packages reach the submitter's crash-injection point here; it is not public API. */
public final class TestSubmitters {
    private TestSubmitters() {
    }

    /** {@code builder}, whose workers run {@code afterSubmit} just after the orderer accepted a command's transaction. */
    public static SubmitterBuilder afterSubmit(SubmitterBuilder builder, Consumer<ClaimedCommand> afterSubmit) {
        return builder.hooks(new SubmitterHooks() {
            @Override
            public void afterSubmit(ClaimedCommand command) {
                afterSubmit.accept(command);
            }
        });
    }
}
