-- Ember's native load generator: wrk (C, epoll) drives whole volume life cycles with no Python client
-- in the way. Run one connection per thread (-tN -cN) so each thread's state is its connection's.
--
--   wrk -t32 -c32 -d10s -H 'X-Auth-Token: ...' -s Benchmarks/wrk/volumes.lua http://HOST:PORT -- create /v3/PROJECT [POLL_MS]
--   wrk -t8 -c8 -d60s ... -s Benchmarks/wrk/volumes.lua http://HOST:PORT -- delete /v3/PROJECT IDS_FILE 8 [POLL_MS]
--
-- create: POST /volumes (size 1), then GET the volume every POLL_MS (default 1) until it is available
-- (or error). delete: DELETE an id of IDS_FILE (one a line, shared out between threads), then GET it
-- every POLL_MS until 404 (the 8 is the number of threads, which share the file out by their index).
-- Each finished cycle's wall-clock latency is kept; done() prints one JSON line: {"completed",
-- "errors", "seconds" (first cycle's start to the last one's end), "latencies_ms"}; wrk's own
-- summary (which times single requests, polls included) is printed before it.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } ember_timespec;
  int clock_gettime(int clock, ember_timespec *ts);
]]
local timespec = ffi.new("ember_timespec")

local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

-- Per thread (each has a Lua state of its own).
local mode, prefix, poll_ms, ids, verifying = nil, nil, 1, {}, false
local volume, began, waiting_for = nil, 0, nil
latencies, errors, first_began, last_finished = {}, 0, 0, 0

function init(args)
  mode, prefix = args[1], args[2]
  -- wrk calls the first thread's request() once after init only to check it, and never sends that
  -- request: that call must not take an id or start a cycle.
  verifying = wrk.thread:get("index") == 0
  if mode == "create" then
    poll_ms = tonumber(args[3] or "1")
  elseif mode == "delete" then
    poll_ms = tonumber(args[5] or "1")
    local line_number, count, own = 0, tonumber(args[4]), wrk.thread:get("index")
    for line in io.lines(args[3]) do
      if line_number % count == own then table.insert(ids, line) end
      line_number = line_number + 1
    end
  else
    error("mode must be create or delete")
  end
end

local function with_json(headers) -- wrk.format takes the headers it is given instead of wrk's (-H)
  local merged = { ["Content-Type"] = "application/json" }
  for name, value in pairs(headers) do merged[name] = value end
  return merged
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", prefix .. "/volumes?limit=1")
  end
  if volume == nil then
    began = now_ms()
    if first_began == 0 then first_began = began end
    if mode == "create" then
      waiting_for = "post"
      return wrk.format("POST", prefix .. "/volumes", with_json(wrk.headers), '{"volume": {"size": 1}}')
    end
    volume = table.remove(ids)
    if volume == nil then -- nothing left to delete: idle on a cheap read
      waiting_for = "idle"
      return wrk.format("GET", prefix .. "/volumes?limit=1")
    end
    waiting_for = "delete"
    return wrk.format("DELETE", prefix .. "/volumes/" .. volume)
  end
  waiting_for = "poll"
  return wrk.format("GET", prefix .. "/volumes/" .. volume)
end

function delay() -- before each request: a poll waits POLL_MS, a new cycle starts at once
  if volume ~= nil then return poll_ms end
  return waiting_for == "idle" and 100 or 0
end

local function finish(ok)
  last_finished = now_ms()
  if ok then table.insert(latencies, last_finished - began) else errors = errors + 1 end
  volume = nil
end

function response(status, headers, body)
  if waiting_for == "post" then
    if status ~= 202 then return finish(false) end
    volume = string.match(body, '"id"%s*:%s*"([%x%-]+)"')
    if volume == nil then finish(false) end
  elseif waiting_for == "delete" then
    if status ~= 202 then finish(false) end
  elseif waiting_for == "poll" then
    if mode == "delete" then
      if status == 404 then finish(true) elseif status ~= 200 then finish(false) end
      return
    end
    local state = string.match(body, '[{,]%s*"status"%s*:%s*"([%w_%-]+)"')
    if state == "available" then finish(true) elseif state == "error" or status ~= 200 then finish(false) end
  end
end

function done(summary, latency, requests)
  local all, failed, first, last = {}, 0, math.huge, 0
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("latencies")) do table.insert(all, value) end
    failed = failed + thread:get("errors")
    if thread:get("first_began") > 0 then first = math.min(first, thread:get("first_began")) end
    last = math.max(last, thread:get("last_finished"))
  end
  local parts = {}
  for i, value in ipairs(all) do parts[i] = string.format("%.3f", value) end
  io.write(string.format('{"completed": %d, "errors": %d, "seconds": %.3f, "latencies_ms": [%s]}\n',
    #all, failed, last > first and (last - first) / 1000 or summary.duration / 1e6, table.concat(parts, ",")))
end
