-- GET /experiments/{id}/results: the uplift and significance document.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/results"

function request()
  return wrk.format("GET", path, c.headers)
end
