-- POST /experiments/{id}/assignments for a customer never seen before: "n-<run>-<thread>-<counter>".
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments"
local counter = 0

function request()
  counter = counter + 1
  return c.post(path, '{"customerId":"n-' .. c.run_tag .. '-' .. tid .. '-' .. counter .. '"}')
end
