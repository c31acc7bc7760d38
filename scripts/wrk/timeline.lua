-- wrk script of scripts/faults-keyless.sh: one line per response, so that a run can be cut into phases afterwards,
-- and the RESULT line (see result.lua). Each line of <dir>/<label>-<thread>.log reads
--   <start, epoch microseconds> <latency, microseconds> <status> <1 if application/problem+json, else 0>
-- Run it with as many threads as connections (-t N -c N): then each thread's requests and responses alternate, and
-- a response's start is the time its thread last wrote a request.
-- Options, after `--`: label=<name> dir=<dir>.

local script = debug.getinfo(1, "S").source:sub(2)
local result = dofile(script:gsub("[^/]*$", "") .. "result.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } wrk_timeline_timeval;
int gettimeofday(wrk_timeline_timeval *tv, void *tz);
]]
local clock = ffi.new("wrk_timeline_timeval")

local function nowMicros()
   ffi.C.gettimeofday(clock, nil)
   return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_usec)
end

local log = nil
local started = nil

function setup(thread)
   result.setup(thread)
end

function init(args)
   local options = result.options(args)
   local dir = assert(options["dir"], "timeline.lua needs dir=<directory>")
   log = assert(io.open(dir .. "/" .. label .. "-" .. id .. ".log", "w"))
end

function request()
   started = nowMicros()
   return wrk.format()
end

function response(status, headers, body)
   local finished = nowMicros()
   result.count(status)
   local contentType = result.header(headers, "Content-Type") or ""
   local problem = contentType:find("application/problem+json", 1, true) and 1 or 0
   log:write(string.format("%.0f %.0f %d %d\n", started, finished - started, status, problem))
end

function done(summary, latency, requests)
   result.done(summary, latency)
end
