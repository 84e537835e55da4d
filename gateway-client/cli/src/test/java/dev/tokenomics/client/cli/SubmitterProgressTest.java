package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.SubmitterStats;
import dev.tokenomics.client.support.FailingDataSource;
import dev.tokenomics.client.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The submitter process's progress line while the database does not answer: reported, skipped,
 * and the process carries on (it used to exit 3 on the pool's 10 s timeout). Real PostgreSQL
 * behind a DataSource that fails as HikariCP does while the server is down.
 */
class SubmitterProgressTest {
    @Test
    void aDatabaseOutageIsReportedAndTheProgressLineResumesWhenItAnswers() throws Exception {
        try (TestDatabase db = TestDatabase.create(2)) {
            try (Connection connection = db.dataSource().getConnection()) {
                Outbox.enqueue(connection, NewCommand.of("t-progress", CommandType.MINT, "{\"walletId\":\"w\",\"amount\":5}", "p-1"));
            }
            FailingDataSource dataSource = new FailingDataSource(db.dataSource());
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            SubmitterProgress progress = new SubmitterProgress(dataSource, "t-progress", new SubmitterStats(),
                    new PrintStream(lines, true, StandardCharsets.UTF_8));

            dataSource.failNext(3);
            for (int i = 0; i < 3; i++) {
                assertThat(progress.report()).isEqualTo(SubmitterProgress.UNKNOWN);
            }
            assertThat(progress.report()).as("PENDING + PROCESSING once the database answers").isEqualTo(1);

            String output = lines.toString(StandardCharsets.UTF_8);
            assertThat(output.lines().filter(line -> line.contains("database unavailable, carrying on"))).hasSize(3);
            assertThat(output.lines().reduce((first, last) -> last).orElseThrow()).contains("waiting=1");
        }
    }
}
