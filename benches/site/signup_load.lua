-- wrk script for benches/site/signup_load.sh: POST /subscribe with a new address each request
-- (bench-THREAD-N@example.com), counting the answers by status. With the argument "garbage"
-- (`wrk ... -- garbage`), two requests in three are hostile instead: a malformed escape, bytes
-- that are not UTF-8, a body over the limit, the wrong content type, a bad method, an unknown
-- path, a header that lies about the body's length; each must be refused and none stored.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local garbage = {
   {"POST", "/subscribe", "application/x-www-form-urlencoded", "email=%zz%40example.com"},
   {"POST", "/subscribe", "application/x-www-form-urlencoded", "email=%ff%fe%40example.com"},
   {"POST", "/subscribe", "application/x-www-form-urlencoded", "email=big%40example.com&tags=" .. string.rep("x", 20000)},
   {"POST", "/subscribe", "application/json", "{\"email\":\"json@example.com\"}"},
   {"DELETE", "/subscribe", "application/x-www-form-urlencoded", ""},
   {"POST", "/../../etc/passwd", "application/x-www-form-urlencoded", "email=path%40example.com"},
   {"POST", "/confirm", "application/x-www-form-urlencoded", "token=" .. string.rep("%00", 50)},
   {"GET", "/%c0%ae%c0%ae/%00", nil, nil},
}

function init(args)
   n = 0
   hostile = args[1] == "garbage"
   statuses = {}
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
   n = n + 1
   if hostile and n % 3 ~= 0 then
      local g = garbage[(n % #garbage) + 1]
      local headers = {}
      if g[3] then headers["Content-Type"] = g[3] end
      return wrk.format(g[1], g[2], headers, g[4])
   end
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
