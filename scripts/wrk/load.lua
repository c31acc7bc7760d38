-- wrk script of scripts/load-negotiate.sh: counts responses by status and prints the RESULT line (see result.lua).
-- Options, after `--` on wrk's command line:
--   label=<name>        names the run in the RESULT line (default: the path)
--   check-no-store      counts responses whose Cache-Control lacks the no-store directive (no_store_missing)
--   save-every=<n>      with save-dir: writes the token of each thread's every n-th response, one per line, to
--   save-dir=<dir>      <dir>/tokens-<thread>.txt ("MISSING <status>" when that response holds no token)
-- Example:
--   wrk -t2 -c32 -d30s -H "Cookie: JSESSIONID=..." -s scripts/wrk/load.lua http://127.0.0.1:8080/negotiate \
--       -- label=negotiate save-every=100 save-dir=/some/dir

local script = debug.getinfo(1, "S").source:sub(2)
local result = dofile(script:gsub("[^/]*$", "") .. "result.lua")

local checkNoStore = false
local saveEvery = 0
local tokens = nil

function setup(thread)
   result.setup(thread)
end

function init(args)
   local options = result.options(args)
   checkNoStore = options["check-no-store"] == true
   if options["save-every"] then
      saveEvery = assert(tonumber(options["save-every"]), "save-every must be a number")
      local dir = assert(options["save-dir"], "save-every needs save-dir")
      tokens = assert(io.open(dir .. "/tokens-" .. id .. ".txt", "w"))
      tokens:setvbuf("line")
   end
end

local function hasNoStore(value)
   if value == nil then
      return false
   end
   for directive in value:gmatch("[^,]+") do
      if directive:match("^%s*(.-)%s*$"):lower() == "no-store" then
         return true
      end
   end
   return false
end

function response(status, headers, body)
   result.count(status)
   if checkNoStore and not hasNoStore(result.header(headers, "Cache-Control")) then
      no_store_missing = no_store_missing + 1
   end
   if saveEvery > 0 and responses % saveEvery == 0 then
      local token = body:match('"token"%s*:%s*"([^"]+)"')
      tokens:write((token or ("MISSING " .. status)) .. "\n")
      tokens_saved = tokens_saved + 1
   end
end

function done(summary, latency, requests)
   result.done(summary, latency)
end
