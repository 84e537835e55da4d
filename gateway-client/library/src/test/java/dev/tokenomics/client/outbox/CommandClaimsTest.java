package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandClaimsTest {
    private static TestDatabase db;
    private static CommandClaims claims;
    private static CommandTransitions transitions;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(12);
        claims = new CommandClaims(db.dataSource());
        transitions = new CommandTransitions(db.dataSource());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    /** A transfer to a wallet of its own ({@code key}'s), so only the ordering key relates commands. */
    private static long enqueue(String tenant, String from, String key) throws Exception {
        return enqueue(tenant, from, "to-" + key, key);
    }

    private static long enqueue(String tenant, String from, String to, String key) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":1}", key)).id();
        }
    }

    private static List<Long> ids(List<ClaimedCommand> claimed) {
        return claimed.stream().map(ClaimedCommand::id).toList();
    }

    @Nested
    class Claim {
        @Test
        void claimsOnlyTheOldestOpenCommandOfEachOrderingKey() throws Exception {
            long a1 = enqueue("t-order", "a", "a1");
            enqueue("t-order", "a", "a2");
            long b1 = enqueue("t-order", "b", "b1");

            List<ClaimedCommand> claimed = claims.claim("t-order", "w1", 10, Duration.ofMinutes(5));

            assertThat(ids(claimed)).containsExactly(a1, b1);
            assertThat(claims.claim("t-order", "w2", 10, Duration.ofMinutes(5))).isEmpty();
        }

        @Test
        void aCommandWritingAWalletThatACommandInFlightWritesWaitsForIt() throws Exception {
            long inFlight = enqueue("t-touch", "a", "b", "touch-1");
            assertThat(ids(claims.claim("t-touch", "w1", 10, Duration.ofMinutes(5)))).containsExactly(inFlight);
            long fromItsDestination = enqueue("t-touch", "b", "c", "touch-2");
            long intoItsSource = enqueue("t-touch", "d", "a", "touch-3");
            long intoItsDestination = enqueue("t-touch", "e", "b", "touch-4");
            long unrelated = enqueue("t-touch", "f", "g", "touch-5");

            assertThat(ids(claims.claim("t-touch", "w2", 10, Duration.ofMinutes(5)))).containsExactly(unrelated);

            BatchOutcome outcome = new BatchOutcome();
            outcome.committed.add(new BatchOutcome.Committed(inFlight, 3));
            transitions.apply("w1", outcome);
            assertThat(ids(claims.claim("t-touch", "w3", 10, Duration.ofMinutes(5))))
                    .containsExactly(fromItsDestination, intoItsSource, intoItsDestination);
        }

        @Test
        void nextCommandOfAKeyBecomesClaimableWhenThePreviousIsTerminal() throws Exception {
            long first = enqueue("t-next", "a", "n1");
            long second = enqueue("t-next", "a", "n2");
            assertThat(ids(claims.claim("t-next", "w1", 10, Duration.ofMinutes(5)))).containsExactly(first);

            BatchOutcome outcome = new BatchOutcome();
            outcome.committed.add(new BatchOutcome.Committed(first, 7));
            assertThat(transitions.apply("w1", outcome)).isEqualTo(1);

            assertThat(ids(claims.claim("t-next", "w2", 10, Duration.ofMinutes(5)))).containsExactly(second);
        }

        @Test
        void aCommandBackingOffHoldsBackTheYoungerCommandsOfItsKey() throws Exception {
            long first = enqueue("t-backoff", "a", "bo1");
            long second = enqueue("t-backoff", "a", "bo2");
            assertThat(ids(claims.claim("t-backoff", "w1", 10, Duration.ofMinutes(5)))).containsExactly(first);

            BatchOutcome conflicted = new BatchOutcome();
            conflicted.retries.add(new BatchOutcome.Retry(first, Duration.ofMinutes(10).toMillis(), true, true, false, "MVCC_READ_CONFLICT"));
            assertThat(transitions.apply("w1", conflicted)).isEqualTo(1);

            assertThat(claims.claim("t-backoff", "w2", 10, Duration.ofMinutes(5))).isEmpty();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'PENDING'", second)).isEqualTo(1);
        }

        @Test
        void anOlderCommandCommittedLateWaitsForTheInFlightOneOfItsKeyWithoutBlockingOtherKeys() throws Exception {
            // Ids come from a sequence at insert time, so a command can become visible after a younger
            // one of its key was claimed. It must wait (its ordering key is held by the younger one's
            // holding), and it must not make the claim fail for everyone.
            long older;
            try (Connection lateWriter = db.dataSource().getConnection()) {
                lateWriter.setAutoCommit(false);
                older = Outbox.enqueue(lateWriter, NewCommand.of("t-late", CommandType.TRANSFER,
                        "{\"fromId\":\"a\",\"toId\":\"sink\",\"amount\":1}", "late-older")).id();
                long younger = enqueue("t-late", "a", "late-younger");
                assertThat(ids(claims.claim("t-late", "w1", 10, Duration.ofMinutes(5)))).containsExactly(younger);
                lateWriter.commit();
            }
            long otherKey = enqueue("t-late", "b", "late-other");

            assertThat(ids(claims.claim("t-late", "w2", 10, Duration.ofMinutes(5)))).containsExactly(otherKey);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'PENDING'", older)).isEqualTo(1);
        }

        @Test
        void statusChangesByAWorkerThatNoLongerHoldsTheLeaseChangeNothing() throws Exception {
            long id = enqueue("t-owner", "a", "o1");
            claims.claim("t-owner", "w1", 1, Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(10)).until(() -> !claims.claim("t-owner", "w2", 1, Duration.ofMinutes(5)).isEmpty());

            BatchOutcome late = new BatchOutcome();
            late.failed.add(new BatchOutcome.Failed(id, "INSUFFICIENT_FUNDS", null, "stale worker"));
            assertThat(transitions.apply("w1", late)).isZero();
            assertThat(transitions.recordEndorsed("w1", List.of(id), List.of("tx-stale"), List.of(new byte[] {1}))).isEmpty();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'PROCESSING' AND locked_by = 'w2'", id))
                    .isEqualTo(1);
        }

        @Test
        void expiredLeaseIsTakenOverWithTheStoredTransaction() throws Exception {
            long id = enqueue("t-takeover", "a", "k1");
            claims.claim("t-takeover", "w1", 1, Duration.ofMillis(100));
            assertThat(transitions.recordEndorsed("w1", List.of(id), List.of("tx-1"), List.of(new byte[] {1, 2, 3}))).containsExactly(id);

            List<ClaimedCommand> takenOver = await().atMost(Duration.ofSeconds(10))
                    .until(() -> claims.claim("t-takeover", "w2", 1, Duration.ofMinutes(5)), list -> !list.isEmpty());

            assertThat(takenOver.get(0).transactionId()).isEqualTo("tx-1");
            assertThat(takenOver.get(0).transactionBytes()).containsExactly(1, 2, 3);
            assertThat(takenOver.get(0).attempts()).isEqualTo(2);
        }

        @Test
        void renewedLeaseIsNotTakenOver() throws Exception {
            enqueue("t-renew", "a", "r1");
            List<ClaimedCommand> claimed = claims.claim("t-renew", "w1", 1, Duration.ofSeconds(2));
            assertThat(claims.renew("w1", ids(claimed), Duration.ofMinutes(5))).isEqualTo(1);
            assertThat(claims.renew("someone-else", ids(claimed), Duration.ofMinutes(5))).isZero();

            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-renew' "
                    + "AND lease_expires_at > now() + interval '4 minutes'")).isEqualTo(1);
        }
    }

    @Nested
    class ConcurrentClaimers {
        @Test
        void neverClaimTheSameCommandTwiceNorTwoOfOneKey() throws Exception {
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                all.add(enqueue("t-race", "w" + (i % 40), "race-" + i));
            }
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String worker = "cw" + w;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (seen.size() < all.size()) {
                        List<ClaimedCommand> batch = claims.claim("t-race", worker, 7, Duration.ofMinutes(5));
                        assertThat(batch.stream().map(ClaimedCommand::orderingKey).distinct().count()).isEqualTo(batch.size());
                        BatchOutcome done = new BatchOutcome();
                        for (ClaimedCommand command : batch) {
                            if (!seen.add(command.id())) {
                                duplicates.add(command.id());
                            }
                            done.committed.add(new BatchOutcome.Committed(command.id(), 1));
                        }
                        transitions.apply(worker, done);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();

            assertThat(duplicates).isEmpty();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-race' AND status = 'COMMITTED' AND attempts = 1"))
                    .isEqualTo(400);
        }

        /** Holds tenant's claim turn, as a claim in progress in another process does, until the connection commits. */
        private static Connection holdingTheTurn(String tenant) throws Exception {
            Connection other = db.dataSource().getConnection();
            other.setAutoCommit(false);
            try (var turn = other.prepareStatement(CommandClaims.TURN)) {
                turn.setString(1, tenant);
                turn.execute();
            }
            return other;
        }

        /** The tenant's claim turns held ({@code granted}) or waited for, by any session. */
        private static long turnLocks(String tenant, boolean granted) throws Exception {
            return db.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = ?"
                    + " AND objid = hashtext(current_schema() || ':' || ?)::oid", granted, tenant);
        }

        @Test
        void aClaimWaitsForTheTurnOfAnotherProcesssClaimAndThenSeesWhatThatClaimTook() throws Exception {
            long command = enqueue("t-turn", "a", "turn-1");
            try (Connection other = holdingTheTurn("t-turn")) {
                var claim = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ids(claims.claim("t-turn", "w1", 10, Duration.ofMinutes(5)));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(5)).until(() -> turnLocks("t-turn", false) == 1);
                assertThat(claim).isNotDone();
                other.commit();

                assertThat(claim.get()).containsExactly(command);
            }
        }

        @Test
        void aClaimWhoseTurnIsHeldByAStuckClaimClaimsWithoutIt() throws Exception {
            long command = enqueue("t-stuck", "a", "stuck-1");
            try (Connection stuck = holdingTheTurn("t-stuck")) {
                assertThat(ids(claims.claim("t-stuck", "w1", 10, Duration.ofMinutes(5)))).containsExactly(command);
                stuck.rollback();
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'PROCESSING'", command)).isEqualTo(1);
        }

        @Test
        void eachTenantHasATurnOfItsOwn() throws Exception {
            try (Connection other = holdingTheTurn("t-other-turn"); Connection own = holdingTheTurn("t-own-turn")) {
                assertThat(turnLocks("t-other-turn", true)).isEqualTo(1);
                assertThat(turnLocks("t-own-turn", true)).isEqualTo(1);
                other.rollback();
                own.rollback();
            }
        }
    }
}
