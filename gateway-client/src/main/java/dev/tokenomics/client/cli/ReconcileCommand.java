package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.projector.BlockParser;
import dev.tokenomics.client.projector.FabricBlockSource;
import dev.tokenomics.client.reconcile.ReconcileReport;
import dev.tokenomics.client.reconcile.Reconciler;
import dev.tokenomics.client.reconcile.WorldState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Compare the read model with the world state and check the invariants; the last line is 'reconcile: OK'"
                + " or 'reconcile: FAILED ...' (exit 1).")
final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    FabricOptions fabric;

    @Mixin
    TenantOption tenant;

    @Override
    public Integer call() throws Exception {
        try (Database database = db.openMigrated(); FabricConnection connection = fabric.connect()) {
            WorldState world = WorldState.read(connection.contract());
            ReconcileReport report = new Reconciler(database.dataSource(), tenant.tenant, connection.config().channel())
                    .reconcile(world, new FabricBlockSource(connection.network()), new BlockParser(connection.config().chaincode()));
            System.out.println(report.render());
            return report.ok() ? 0 : TokenomicsCli.REJECTED;
        }
    }
}
