-- wrk script for the fixed-rate runs: each connection waits DELAY_MS (fractional ms allowed) before
-- its next request, so C connections send about C * 1000 / (DELAY_MS + latency) requests a second.
-- bench/run.sh calibrates DELAY_MS so that the measured rate is the target. POSTs BODY when it is set.
local body = os.getenv("BODY")
if body and body ~= "" then
  local f = assert(io.open(body, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end
local pause = tonumber(os.getenv("DELAY_MS"))

function delay()
  return pause
end
