-- wrk script for Table 4.4's HTTP/JSON and JSON-RPC 2.0 rows: POSTs what `repro-rpc load` sends
-- for that protocol (an item with a payload of <size> 'x'; for json-rpc inside an Echo call) and
-- prints the result in Go's benchmark format. A JSON-RPC error comes back as HTTP 200, so wrk
-- does not count it; `repro-rpc load -proto json-rpc` checks every reply.
-- wrk -t2 -c100 -d2s --latency -s wrk-rpc.lua http://HOST:PORT/echo -- http-json <size> <conns>
-- wrk -t2 -c100 -d2s --latency -s wrk-rpc.lua http://HOST:PORT/rpc -- json-rpc <size> <conns>
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   -- args[0] is the URL, then what follows "--".
   proto, size, conns = args[1] or "http-json", tonumber(args[2]) or 1024, tonumber(args[3]) or 100
   local item = '{"id":1,"name":"client-1","tags":["repro","t4.4"],"payload":"'
      .. string.rep("x", size) .. '"}'
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   if proto == "json-rpc" then
      wrk.body = '{"id":1,"jsonrpc":"2.0","method":"Echo","params":' .. item .. '}'
   else
      wrk.body = item
   end
end

function done(summary, latency, requests)
   local proto = threads[1]:get("proto")
   local size, conns = threads[1]:get("size"), threads[1]:get("conns")
   local e = summary.errors
   if summary.requests == 0 then
      io.stderr:write("wrk: no request completed\n")
      os.exit(1)
   end
   io.write("Unit req/s better=higher\nUnit p50-ns better=lower\n",
      "Unit p99-ns better=lower\nUnit errors better=lower\n",
      string.format("BenchmarkRPC/proto=%s/conns=%d/payload=%dB\t%d\t%.0f ns/op\t%.1f req/s\t%.0f p50-ns\t%.0f p99-ns\t%d errors\n",
         proto, conns, size, summary.requests, latency.mean * 1000,
         summary.requests / (summary.duration / 1e6),
         latency:percentile(50) * 1000, latency:percentile(99) * 1000,
         e.connect + e.read + e.write + e.status + e.timeout))
end
