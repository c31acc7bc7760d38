-- wrk script for scripts/rotation-under-load.sh: GET /negotiate with the session cookie of a signed-in user, and
-- for every response one line "<arrival, ms since the epoch> <status> <token or ->" in a file per wrk thread.
-- Lines are written as they arrive (line-buffered), so nothing is lost when wrk exits.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } rotation_timespec;
  int clock_gettime(int clock, rotation_timespec *now);
]]
local CLOCK_REALTIME = 0
local now = ffi.new("rotation_timespec")

local function epoch_millis()
  ffi.C.clock_gettime(CLOCK_REALTIME, now)
  return tonumber(now.tv_sec) * 1000 + math.floor(tonumber(now.tv_nsec) / 1000000)
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local out

function init(args)
  local dir = os.getenv("ROTATION_TOKENS_DIR")
  out = assert(io.open(dir .. "/tokens-" .. id .. ".txt", "w"))
  out:setvbuf("line")
  wrk.headers["Cookie"] = "JSESSIONID=" .. os.getenv("ROTATION_SESSION")
  wrk.headers["Accept"] = "application/json"
end

function response(status, headers, body)
  local token = string.match(body or "", '"token":"([^"]+)"') or "-"
  out:write(epoch_millis(), " ", status, " ", token, "\n")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status=%d "
      .. "p50_us=%d p99_us=%d max_us=%d\n", summary.requests, summary.duration, e.connect, e.read, e.write,
      e.timeout, e.status, latency:percentile(50), latency:percentile(99), latency.max))
end
