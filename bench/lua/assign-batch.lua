-- POST /experiments/{id}/assignments/batch with BATCH_SIZE (default 1,000) new customers per request:
-- "b-<run>-<thread>-<request>-<i>".
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments/batch"
local size = tonumber(c.env("BATCH_SIZE", "1000"))
local counter = 0

function request()
  counter = counter + 1
  local base = '"b-' .. c.run_tag .. '-' .. tid .. '-' .. counter .. '-'
  local ids = {}
  for i = 1, size do
    ids[i] = base .. i .. '"'
  end
  return wrk.format("POST", path, c.headers, '{"customerIds":[' .. table.concat(ids, ",") .. ']}')
end
