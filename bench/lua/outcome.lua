-- POST /experiments/{id}/outcomes: a conversion of a random pool customer, with a unique idempotency key.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/outcomes"
local pool = tonumber(c.env("POOL_SIZE", "10000"))
local counter = 0

function init(args)
  math.randomseed(os.time() + 104729 * (tid + 1))
end

function request()
  counter = counter + 1
  return c.post(path, '{"customerId":"p-' .. math.random(0, pool - 1) .. '","outcome":"conversion","idempotencyKey":"o-'
      .. c.run_tag .. '-' .. tid .. '-' .. counter .. '"}')
end
