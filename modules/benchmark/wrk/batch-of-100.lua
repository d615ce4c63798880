-- wrk script for POST /touchpoints (docs/benchmarks.md, "HTTP ingestion"): a batch of 100 purchases per request,
-- each with its own event id (thread and counter), customers spread over 100,000.
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("PRODUCER_TOKEN") or "bench-producer")
wrk.headers["Content-Type"] = "application/json"
function request()
  local events = {}
  for i = 1, 100 do
    counter = counter + 1
    events[i] = string.format('{"eventId":"b%d-%d","customerId":"C-%d","occurredAt":%d,"channel":"web","payload":{"io.careerstream.contracts.Purchase":{"orderId":"b%d-%d","amountMinor":1999,"currency":"USD","itemCount":1,"categories":[]}}}',
      thread_id, counter, (thread_id * 7919 + counter) % 100000, 1767603600000 + counter * 1000, thread_id, counter)
  end
  return wrk.format(nil, "/touchpoints", nil, "[" .. table.concat(events, ",") .. "]")
end
function response(status, headers, body)
  if status ~= 202 then
    io.write("status " .. status .. ": " .. body .. "\n")
  end
end
