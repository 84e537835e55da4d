-- wrk script: GET /v1/commands/{id} for ids drawn at random from 1..BENCH_MAX_ID (commands the run
-- enqueued before). Env: BENCH_API_KEY, BENCH_MAX_ID.
local max_id

function init(args)
  max_id = tonumber(os.getenv("BENCH_MAX_ID"))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/v1/commands/" .. math.random(1, max_id), nil, nil)
end
