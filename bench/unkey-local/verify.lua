-- wrk script: POST /v2/keys.verifyKey with a seeded key (env UNKEY_KEY) and root key (env UNKEY_ROOT).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("UNKEY_ROOT")
wrk.body = '{"key":"' .. os.getenv("UNKEY_KEY") .. '","permissions":"admin"}'

local non200 = 0
response = function(status, headers, body)
  if status ~= 200 or not body:find('"code":"VALID"', 1, true) then
    non200 = non200 + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("verifyKey: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
