-- GET /api/v1/me: authentication and a tiny JSON answer, no database work once the key is cached (the ceiling).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

function request()
  return wrk.format("GET", "/api/v1/me", c.headers)
end
