-- wrk script: POST /v1/commands with an Idempotency-Key no other request of the run uses, so every
-- request enqueues a command (a replay would cost a lookup, not an insert).
-- Env: BENCH_API_KEY (Bearer key), BENCH_RUN (unique per run), BENCH_DELAY_MS (think time per
-- connection before each request, 0 for none: how bench-service.sh paces wrk to a rate).
local counter = 0
local threads = 0
local prefix
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local body = '{"type":"TRANSFER","payload":{"fromId":"w001","toId":"w002","amount":1}}'

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  prefix = "bench-" .. os.getenv("BENCH_RUN") .. "-" .. thread_id .. "-"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. counter
  return wrk.format("POST", "/v1/commands", nil, body)
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
