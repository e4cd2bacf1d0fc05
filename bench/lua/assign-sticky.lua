-- POST /experiments/{id}/assignments for a random customer of the pre-assigned pool "p-0" .. "p-<POOL_SIZE-1>".
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments"
local pool = tonumber(c.env("POOL_SIZE", "10000"))

function init(args)
  math.randomseed(os.time() + 7919 * (tid + 1))
end

function request()
  local body = '{"customerId":"p-' .. math.random(0, pool - 1) .. '"}'
  return wrk.format("POST", path, c.headers, body)
end
