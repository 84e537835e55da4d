package dev.tokenomics.service;

import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.readmodel.WalletView;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The read model of the authenticated tenant: a wallet as projected, and its transactions, paged.
 * Wallets are channel-wide (gateway-client README, "What a tenant sees"): each tenant's projector
 * writes every wallet into that tenant's read model, which is what these routes read.
 */
final class WalletRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final WalletQuery wallets;
    private final WalletTransactions transactions;

    WalletRoutes(DataSource dataSource) {
        this.wallets = new WalletQuery(dataSource);
        this.transactions = new WalletTransactions(dataSource);
    }

    void wallet(Context ctx) throws SQLException {
        String walletId = ctx.pathParam("id");
        WalletView w = wallets.byId(Authentication.tenant(ctx), walletId).orElseThrow(() -> ProblemException.notFound("no wallet " + walletId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("walletId", w.walletId());
        body.put("ownerId", w.ownerId());
        body.put("balance", w.balance());
        body.put("status", w.status());
        body.put("freezeReason", w.freezeReason());
        body.put("version", w.version());
        Json.write(ctx, 200, body);
    }

    /** {@code next} is the link to the following page, null on the last one. */
    void transactions(Context ctx) throws SQLException {
        String walletId = ctx.pathParam("id");
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long after = number(ctx, "after", 0, 0, Long.MAX_VALUE);
        List<Map<String, Object>> items = transactions.page(Authentication.tenant(ctx), walletId, after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", items.size() < limit ? null : "/v1/wallets/" + URLEncoder.encode(walletId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/transactions?limit=" + limit + "&after=" + items.get(items.size() - 1).get("cursor"));
        Json.write(ctx, 200, body);
    }

    private static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, as any other value out of range
        }
        throw ProblemException.badRequest("INVALID_ARGUMENT", name, name + " must be an integer from " + min + " to " + max);
    }
}
