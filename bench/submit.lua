-- wrk script: every request creates a new trivial job (a unique name per thread and request).
-- Usage: TOKEN=lep_… wrk -t2 -c64 -d15s -s bench/submit.lua http://127.0.0.1:8420
-- COMMAND (the job's argv as JSON strings, default "true"), CPU and GPUS change what each job is and asks for.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = string.format("w%d-%d", os.time() % 100000, id)
  wrk.method = "POST"
  wrk.path = "/api/v1/jobs"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  counter = counter + 1
  local body = string.format('{"kind":"Job","metadata":{"name":"%s-%d"},"spec":{"command":[%s],"resources":{"cpu":"%s","memory":"16MiB","gpus":%s}}}',
    prefix, counter, os.getenv("COMMAND") or '"true"', os.getenv("CPU") or "100m", os.getenv("GPUS") or "0")
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
