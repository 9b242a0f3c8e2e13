-- wrk script: POST /v2/analytics.getVerifications with the query in env UNKEY_QUERY and the
-- root key in env UNKEY_ROOT; counts answers that are not 200.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("UNKEY_ROOT")
wrk.body = '{"query":"' .. os.getenv("UNKEY_QUERY") .. '"}'

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad == 1 then io.stderr:write(body .. "\n") end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("%.0f queries/s, p50 %.2f ms, p99 %.2f ms, not 200: %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
