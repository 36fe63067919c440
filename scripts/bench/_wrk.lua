-- Load script of the benchmarks for wrk (scripts/bench/_load.ts starts wrk with it): POSTs the
-- lines of the file named in BODIES, each once, in order. A line holding {{id}} is a template:
-- every request gets it with a fresh UUID in place, so a bare side never runs out of bodies.
-- At the end it prints one JSON line: requests, duration, latency percentiles and a count per
-- status code.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
  if line ~= "" then bodies[#bodies + 1] = line end
end
local template = #bodies == 1 and bodies[1]:find("{{id}}", 1, true) ~= nil
local next_body = 0
-- Each wrk thread runs this script in a Lua state of its own: `statuses` is the thread's, and
-- `done` reads it through the thread handles `setup` kept.
statuses = {}
local threads = {}
math.randomseed(os.time() + math.floor(os.clock() * 1000000))

setup = function(thread)
  threads[#threads + 1] = thread
end
local headers = { ["content-type"] = "application/json" }

local function uuid(n)
  return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff), n)
end

request = function()
  next_body = next_body + 1
  local body
  if template then
    body = bodies[1]:gsub("{{id}}", uuid(next_body), 1)
  else
    -- Past the last body the run sends the first again: a resend, which the counts show (200, not 201).
    body = bodies[((next_body - 1) % #bodies) + 1]
  end
  return wrk.format("POST", nil, headers, body)
end

response = function(status)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + count end
  end
  local counts = {}
  for status, count in pairs(all) do counts[#counts + 1] = string.format('"%d":%d', status, count) end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests":%d,"durationMicros":%d,"p50Micros":%d,"p99Micros":%d,"errors":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors, table.concat(counts, ",")))
end
