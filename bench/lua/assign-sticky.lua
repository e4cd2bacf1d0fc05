-- POST /experiments/{id}/assignments for a random customer of the pre-assigned pool "p-0" .. "p-<POOL_SIZE-1>".
-- The requests are built once per thread (init), so the load generator's cost per request is a table lookup.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments"
local pool = tonumber(c.env("POOL_SIZE", "10000"))
local requests = {}

function init(args)
  math.randomseed(os.time() + 7919 * (tid + 1))
  for i = 0, pool - 1 do
    requests[i] = c.post(path, '{"customerId":"p-' .. i .. '"}')
  end
end

function request()
  return requests[math.random(0, pool - 1)]
end
