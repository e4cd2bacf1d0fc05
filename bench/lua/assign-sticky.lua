-- POST /experiments/{id}/assignments for a random customer of a pre-assigned pool "<POOL_PREFIX>-0" ..
-- "<POOL_PREFIX>-<POOL_SIZE-1>", drawn uniformly. A pool of up to 100,000 has its requests built once per thread
-- (init), so the load generator's cost per request is a table lookup; a bigger pool (the 1,000,000 returning
-- customers of assign-returning-1m) builds each request when it is sent.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments"
local pool = tonumber(c.env("POOL_SIZE", "10000"))
local prefix = c.env("POOL_PREFIX", "p")
local prebuilt = pool <= 100000
local requests = {}

function init(args)
  math.randomseed(os.time() + 7919 * (tid + 1))
  if prebuilt then
    for i = 0, pool - 1 do
      requests[i] = c.post(path, '{"customerId":"' .. prefix .. '-' .. i .. '"}')
    end
  end
end

function request()
  if prebuilt then
    return requests[math.random(0, pool - 1)]
  end
  return c.post(path, '{"customerId":"' .. prefix .. '-' .. math.random(0, pool - 1) .. '"}')
end
