-- wrk script for Table 4.4's JSON-RPC 2.0 row: POSTs the Echo call `repro-rpc load` sends (an
-- item with a payload of <size> 'x') to `repro-rpc serve`'s /rpc and prints the result in Go's
-- benchmark format. A JSON-RPC error comes back as HTTP 200, so it is not counted as an error
-- here; `repro-rpc load -proto json-rpc` checks every reply.
-- wrk -t2 -c100 -d2s --latency -s wrk-json-rpc.lua http://HOST:8081/rpc -- <size> <conns>
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   -- args[0] is the URL, then what follows "--".
   size, conns = tonumber(args[1]) or 1024, tonumber(args[2]) or 100
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.body = '{"id":1,"jsonrpc":"2.0","method":"Echo","params":'
      .. '{"id":1,"name":"client-1","tags":["repro","t4.4"],"payload":"'
      .. string.rep("x", size) .. '"}}'
end

function done(summary, latency, requests)
   local size, conns = threads[1]:get("size"), threads[1]:get("conns")
   local e = summary.errors
   if summary.requests == 0 then
      io.stderr:write("wrk: no request completed\n")
      os.exit(1)
   end
   io.write("Unit req/s better=higher\nUnit p50-ns better=lower\n",
      "Unit p99-ns better=lower\nUnit errors better=lower\n",
      string.format("BenchmarkRPC/proto=json-rpc/conns=%d/payload=%dB\t%d\t%.0f ns/op\t%.1f req/s\t%.0f p50-ns\t%.0f p99-ns\t%d errors\n",
         conns, size, summary.requests, latency.mean * 1000,
         summary.requests / (summary.duration / 1e6),
         latency:percentile(50) * 1000, latency:percentile(99) * 1000,
         e.connect + e.read + e.write + e.status + e.timeout))
end
