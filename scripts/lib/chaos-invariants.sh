# shellcheck shell=bash disable=SC2154  # reads the state of chaos.sh, which sources it
# The verdict of a chaos run: one line per invariant, OK or VIOLATED with its numbers, also written
# to RUN_DIR/invariants.txt. Sourced by chaos.sh, never run; it reads chaos.sh's state: `sql`,
# tenant, run_dir, commands, expected_supply, drained, reconcile_status, ledger_ok,
# unexpected_exits, startup_exits, setup_problems, takeover_held and takeover_result (set when a
# pause was judged).
#
# Command kinds, by idempotency key: the race (<tenant>-c0-race-*), the poison rows
# (<tenant>-poison-*), and the random transfers (everything else), which must all be CONFIRMED.
# The definitive answers, the only reasons a command may end FAILED here:
#   INSUFFICIENT_FUNDS  the ledger's answer, for 9 of the 10 race transfers
#   INVALID_*           a validation certain to give the same answer, for the poison rows
# Anything else (RETRIES_EXHAUSTED, UNAVAILABLE, NOT_FOUND, a timeout...) is an outage or a bug
# that ended a command, a violation.

chaos_join() { # chaos_join ITEMS...: "a; b; c", or "none"
  local text
  text=$(printf '; %s' "$@")
  text=${text#; }
  echo "${text:-none}"
}

chaos_verdict() { # chaos_verdict true|false NAME DETAILS...
  local held=$1 name=$2 state=OK
  shift 2
  if [ "$held" != true ]; then
    state=VIOLATED
    chaos_violations=$((chaos_violations + 1))
  fi
  printf '  %-8s %s: %s\n' "$state" "$name" "$*" | tee -a "$run_dir/invariants.txt"
}

# A kind of each command, as a SQL expression over outbox_command.
chaos_kind_sql() {
  echo "CASE WHEN idempotency_key LIKE '$tenant-poison-%' THEN 'poison'
             WHEN idempotency_key LIKE '$tenant-c0-race-%' THEN 'race' ELSE 'transfer' END"
}

chaos_invariants() {
  chaos_violations=0
  : >"$run_dir/invariants.txt"
  echo
  echo "invariants:"
  local held kind
  kind=$(chaos_kind_sql)

  # Conservation and no negative balance: the ledger (ListWallets, GetTotalSupply) and the read model.
  local ledger_sum="?" ledger_min="?" ledger_wallets="?" ledger_supply="?"
  if $ledger_ok; then
    read -r ledger_sum ledger_min ledger_wallets < <(grep -o '"balance":-\{0,1\}[0-9]*' "$run_dir/ledger-wallets.json" \
      | cut -d: -f2 | awk 'NR == 1 || $1 < min { min = $1 } { sum += $1 } END { print sum + 0, min + 0, NR }')
    ledger_supply=$(grep -o '"totalSupply":-\{0,1\}[0-9]*' "$run_dir/ledger-supply.json" | cut -d: -f2)
  fi
  local model_sum model_min model_wallets model_supply
  IFS='|' read -r model_sum model_min model_wallets model_supply < <(sql "
    SELECT COALESCE(sum(balance), 0), COALESCE(min(balance), 0), count(*),
           (SELECT COALESCE(max(total_supply)::text, 'none') FROM projector_checkpoint WHERE tenant_id = '$tenant')
    FROM wallet WHERE tenant_id = '$tenant'")
  held=false
  [ "$ledger_sum" = "$ledger_supply" ] && [ "$ledger_supply" = "$expected_supply" ] \
    && [ "$model_sum" = "$model_supply" ] && [ "$model_supply" = "$expected_supply" ] && held=true
  chaos_verdict $held conservation "ledger: sum of $ledger_wallets balances $ledger_sum, total supply $ledger_supply;" \
    "read model: sum of $model_wallets balances $model_sum, total supply $model_supply; genesis supply $expected_supply"
  held=false
  $ledger_ok && [ "$ledger_min" -ge 0 ] && [ "$model_min" -ge 0 ] && held=true
  chaos_verdict $held "no negative balance" "lowest balance: ledger $ledger_min, read model $model_min"

  # Each key applied at most once on the ledger (each projected row is a ledger transaction: reconcile
  # checks that), and a command CONFIRMED only if its own key was applied, FAILED only if it was not.
  # The read model stores the chaincode's key; the command's key is its last ':'-separated part.
  local duplicated applied_keys confirmed_unapplied failed_applied
  IFS='|' read -r duplicated applied_keys confirmed_unapplied failed_applied < <(sql "
    WITH applied AS (
        SELECT regexp_replace(idempotency_key, '^.*:', '') AS command_key, count(*) AS times
        FROM wallet_transaction WHERE tenant_id = '$tenant' AND applied AND idempotency_key IS NOT NULL GROUP BY 1),
    commands AS (SELECT c.status, a.times FROM outbox_command c LEFT JOIN applied a ON a.command_key = c.idempotency_key
                 WHERE c.tenant_id = '$tenant')
    SELECT (SELECT count(*) FROM applied WHERE times > 1), (SELECT count(*) FROM applied),
           (SELECT count(*) FROM commands WHERE status = 'CONFIRMED' AND times IS NULL),
           (SELECT count(*) FROM commands WHERE status = 'FAILED' AND times IS NOT NULL)")
  held=false
  [ "$duplicated" -eq 0 ] && [ "$confirmed_unapplied" -eq 0 ] && [ "$failed_applied" -eq 0 ] && held=true
  chaos_verdict $held "each key applied at most once" "$applied_keys keys applied, $duplicated of them more than once;" \
    "CONFIRMED without an applied transaction: $confirmed_unapplied; FAILED yet applied: $failed_applied"

  # Every command enqueued and terminal.
  local total transfers open by_status
  IFS='|' read -r total transfers open < <(sql "
    SELECT count(*), count(*) FILTER (WHERE $kind <> 'poison'),
           count(*) FILTER (WHERE status NOT IN ('CONFIRMED', 'FAILED'))
    FROM outbox_command WHERE tenant_id = '$tenant'")
  by_status=$(sql "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (
    SELECT status, count(*) AS n FROM outbox_command WHERE tenant_id = '$tenant' GROUP BY status) s")
  held=false
  [ "$transfers" -eq $((commands + 10)) ] && held=true
  chaos_verdict $held "every command enqueued" "$transfers of $((commands + 10)) transfers (race included) in the outbox"
  held=false
  [ "$open" -eq 0 ] && $drained && held=true
  chaos_verdict $held "every command terminal" "$total commands: $by_status (want only CONFIRMED and FAILED)"

  # No command FAILED by an outage: FAILED only with the definitive answers listed above.
  local wrong definitive
  wrong=$(sql "SELECT COALESCE(string_agg(kind || ' ' || code || ' ' || n, ', ' ORDER BY n DESC), '') FROM (
    SELECT $kind AS kind, COALESCE(error_code, 'no code') AS code, count(*) AS n FROM outbox_command
    WHERE tenant_id = '$tenant' AND status = 'FAILED'
      AND NOT (($kind = 'race' AND error_code = 'INSUFFICIENT_FUNDS') OR ($kind = 'poison' AND error_code LIKE 'INVALID%'))
    GROUP BY 1, 2) f")
  definitive=$(sql "SELECT COALESCE(string_agg(kind || ' ' || code || ' ' || n, ', '), 'none') FROM (
    SELECT $kind AS kind, error_code AS code, count(*) AS n FROM outbox_command
    WHERE tenant_id = '$tenant' AND status = 'FAILED'
      AND (($kind = 'race' AND error_code = 'INSUFFICIENT_FUNDS') OR ($kind = 'poison' AND error_code LIKE 'INVALID%'))
    GROUP BY 1, 2) f")
  held=false
  [ -z "$wrong" ] && held=true
  chaos_verdict $held "no command FAILED by an outage" "FAILED with a definitive answer: $definitive;" \
    "FAILED otherwise: ${wrong:-none} (definitive: INSUFFICIENT_FUNDS for the race, INVALID_* for poison rows)"

  # The seed race: 10 x 800 from race-from (1000) to race-to (0).
  local race_confirmed race_insufficient race_from race_to
  IFS='|' read -r race_confirmed race_insufficient race_from race_to < <(sql "
    SELECT count(*) FILTER (WHERE status = 'CONFIRMED'),
           count(*) FILTER (WHERE status = 'FAILED' AND error_code = 'INSUFFICIENT_FUNDS'),
           (SELECT COALESCE(max(balance)::text, 'none') FROM wallet WHERE tenant_id = '$tenant' AND wallet_id = 'race-from'),
           (SELECT COALESCE(max(balance)::text, 'none') FROM wallet WHERE tenant_id = '$tenant' AND wallet_id = 'race-to')
    FROM outbox_command WHERE tenant_id = '$tenant' AND $kind = 'race'")
  held=false
  [ "$race_confirmed" -eq 1 ] && [ "$race_insufficient" -eq 9 ] && [ "$race_from" = 200 ] && [ "$race_to" = 800 ] && held=true
  chaos_verdict $held "seed race" "CONFIRMED $race_confirmed (want 1), FAILED INSUFFICIENT_FUNDS $race_insufficient (want 9);" \
    "read model race-from $race_from (want 200), race-to $race_to (want 800)"

  if fault_enabled poison; then
    chaos_poison_verdict "$kind"
  fi

  if fault_enabled pause-projector; then
    chaos_verdict "${takeover_held:-false}" "standby takes over from a paused projector" "${takeover_result:-the pause was never injected}"
  fi

  held=false
  [ "${#unexpected_exits[@]}" -eq 0 ] && held=true
  chaos_verdict $held "processes ride out outages" "${#unexpected_exits[@]} exits of running submitters/projectors not caused by" \
    "chaos: $(chaos_join "${unexpected_exits[@]}" | head -c 600) (failed starts during an outage, allowed: ${#startup_exits[@]})"

  held=false
  [ "$reconcile_status" -eq 0 ] && held=true
  local last_line
  last_line=$(tail -n 1 "$run_dir/reconcile.log" 2>/dev/null)
  [ "$reconcile_status" -eq 124 ] && last_line="did not finish within 300 s"
  chaos_verdict $held reconcile "exit $reconcile_status: $last_line (details: $run_dir/reconcile.log)"

  held=false
  [ "${#setup_problems[@]}" -eq 0 ] && held=true
  chaos_verdict $held "the run itself" "${#setup_problems[@]} problems: $(chaos_join "${setup_problems[@]}")"

  echo
  [ "$chaos_violations" -eq 0 ]
}

# Poison rows end FAILED with an INVALID_* code, and the valid commands queued behind them on the
# same ordering keys (enqueued later) are not held back: all CONFIRMED.
chaos_poison_verdict() {
  local kind=$1 inserted=() refused=() keys orderings="" key outcome ordering
  touch "$run_dir/poison.rows"
  while read -r key outcome ordering _; do
    case $outcome in
      inserted) inserted+=("'$key'"); orderings+="${orderings:+,}'$ordering'" ;;
      refused) refused+=("$key") ;;
    esac
  done <"$run_dir/poison.rows"
  if [ "${#inserted[@]}" -eq 0 ]; then
    chaos_verdict "$([ "${#refused[@]}" -eq 3 ] && echo true || echo false)" "poison rows" \
      "${#refused[@]} of 3 refused by a CHECK constraint, none inserted"
    return
  fi
  keys=$(IFS=,; echo "${inserted[*]}")
  local poison_failed poison_states behind behind_confirmed
  IFS='|' read -r poison_failed poison_states < <(sql "
    SELECT count(*) FILTER (WHERE status = 'FAILED' AND error_code LIKE 'INVALID%'),
           string_agg(idempotency_key || ' ' || status || COALESCE(' ' || error_code, ''), ', ' ORDER BY id)
    FROM outbox_command WHERE tenant_id = '$tenant' AND idempotency_key IN ($keys)")
  IFS='|' read -r behind behind_confirmed < <(sql "
    SELECT count(*), count(*) FILTER (WHERE status = 'CONFIRMED') FROM outbox_command
    WHERE tenant_id = '$tenant' AND $kind = 'transfer' AND ordering_key IN ($orderings)
      AND id > (SELECT min(id) FROM outbox_command WHERE tenant_id = '$tenant' AND idempotency_key IN ($keys))")
  local held=false
  [ "$poison_failed" -eq "${#inserted[@]}" ] && [ "$behind" -eq "$behind_confirmed" ] && held=true
  chaos_verdict $held "poison rows FAILED, valid ones not held back" \
    "${#inserted[@]} inserted (${#refused[@]} refused by a CHECK): $poison_states;" \
    "valid transfers queued behind them on the same wallets: $behind, CONFIRMED $behind_confirmed"
}
