-- wrk script: every request POSTs the same inference request, read once from the file $BODY, to the URL's path.
-- A JSON body is sent as such; with JSON_LENGTH set, the body is binary tensor data (Open Inference Protocol
-- extension) after a JSON header of that many bytes.
-- Usage: BODY=request.json wrk -t1 -c1 -d10s --latency -s bench/infer.lua http://127.0.0.1:8300/v2/models/NAME/infer
local file = assert(io.open(assert(os.getenv("BODY"), "BODY is not set"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("JSON_LENGTH") then
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.headers["Inference-Header-Content-Length"] = os.getenv("JSON_LENGTH")
end
