-- wrk script for benches/site/signup_load.sh: POST /subscribe with a new address each request
-- (bench-THREAD-N@example.com), counting the answers by status.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   n = 0
   statuses = {}
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
   n = n + 1
   local body = string.format("email=bench-%d-%d%%40example.com&website=", id, n)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local by_status = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         by_status[status] = (by_status[status] or 0) + count
      end
   end
   local accepted, other = 0, {}
   for status, count in pairs(by_status) do
      if (status >= 200 and status < 300) or status == 303 then
         accepted = accepted + count
      else
         table.insert(other, string.format("%d x%d", status, count))
      end
   end
   io.write(string.format("requests/s %.0f p99 %.2f ms\n", summary.requests / (summary.duration / 1e6),
      latency:percentile(99) / 1000))
   io.write(string.format("accepted %d other %s\n", accepted, #other > 0 and table.concat(other, ", ") or "none"))
end
