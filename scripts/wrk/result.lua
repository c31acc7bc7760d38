-- Shared by load.lua and timeline.lua: per-thread response counts, and at the end one machine-readable line that
-- scripts/load-negotiate.sh and scripts/faults-keyless.sh read:
--
--   RESULT label=negotiate requests=98765 seconds=10.00 rps=9876.5 p50_ms=1.23 p90_ms=2.34 p99_ms=5.67
--          max_ms=45.67 non2xx=0 socket_errors=0 connect=0 read=0 write=0 timeout=0 statuses=200:98765
--          no_store_missing=0 tokens_saved=0
--
-- (one line). Latency percentiles are wrk's own (from request written to response complete); non2xx counts every
-- status outside 200..299 (wrk's own error count leaves out 3xx, which would hide a redirect to the login page);
-- socket_errors adds wrk's connect, read, write and timeout errors.

local result = {}

-- Main state: the threads, to read their counters at the end.
local threads = {}

function result.setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
   thread:set("responses", 0)
   thread:set("non2xx", 0)
   thread:set("no_store_missing", 0)
   thread:set("tokens_saved", 0)
end

-- Thread states: options from the arguments after `--` (args[0] is the URL).
function result.options(args)
   local options = {}
   for _, arg in ipairs(args) do
      local name, value = arg:match("^([%w-]+)=(.*)$")
      if name then
         options[name] = value
      else
         options[arg] = true
      end
   end
   label = options["label"] or wrk.path
   statuses = {}
   return options
end

-- Thread states: counts one response.
function result.count(status)
   responses = responses + 1
   statuses[status] = (statuses[status] or 0) + 1
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

-- Returns a header's value, whatever the case of its name.
function result.header(headers, name)
   name = name:lower()
   for key, value in pairs(headers) do
      if key:lower() == name then
         return value
      end
   end
   return nil
end

local function sum(name)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + (thread:get(name) or 0)
   end
   return total
end

function result.done(summary, latency)
   local byStatus = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses") or {}) do
         byStatus[status] = (byStatus[status] or 0) + count
      end
   end
   local keys = {}
   for status in pairs(byStatus) do
      table.insert(keys, status)
   end
   table.sort(keys)
   local parts = {}
   for _, status in ipairs(keys) do
      table.insert(parts, status .. ":" .. byStatus[status])
   end
   local errors = summary.errors
   local seconds = summary.duration / 1e6
   local ms = function(us) return us / 1000 end
   io.write(string.format("RESULT label=%s requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
         .. "max_ms=%.2f non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d statuses=%s "
         .. "no_store_missing=%d tokens_saved=%d responses_seen=%d\n",
         threads[1]:get("label"), summary.requests, seconds, summary.requests / seconds,
         ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max),
         sum("non2xx"), errors.connect + errors.read + errors.write + errors.timeout,
         errors.connect, errors.read, errors.write, errors.timeout,
         (#parts > 0) and table.concat(parts, ",") or "none",
         sum("no_store_missing"), sum("tokens_saved"), sum("responses")))
end

return result
