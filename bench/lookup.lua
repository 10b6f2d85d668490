-- wrk script of the lookup benchmark: rotates over the lookup paths in a file, with a bearer token.
-- Arguments after "--": <paths file> <token> <lookup|baseline|direct>. "baseline" sends every path to the trivial
-- endpoint of the same shape (/bench/baseline/...) instead of the lookup (/v1/mappings/...); "direct" to the same
-- trivial endpoint answered before the security filter chain, where lookups are answered (/bench/direct/...).
local paths = {}
local token = ""
local position = 0

function init(args)
	for line in io.lines(args[1]) do
		if args[3] == "baseline" then
			line = line:gsub("^/v1/mappings/", "/bench/baseline/")
		elseif args[3] == "direct" then
			line = line:gsub("^/v1/mappings/", "/bench/direct/")
		end
		paths[#paths + 1] = line
	end
	token = args[2]
	position = math.random(#paths)
end

function request()
	position = position % #paths + 1
	return wrk.format("GET", paths[position], { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
	local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
	io.write(string.format("RESULT requests=%d requestsPerSecond=%.0f p50Ms=%.2f p99Ms=%.2f p999Ms=%.2f "
		.. "maxMs=%.2f non2xx=%d socketErrors=%d\n",
		summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
		summary.errors.status, errors))
end
