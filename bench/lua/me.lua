-- GET /api/v1/me: authentication and a tiny JSON answer, no database work once the key is cached (the ceiling).
-- A static request: wrk sends it without calling Lua per request, the cheapest the load generator can be.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

wrk.method = "GET"
wrk.path = "/api/v1/me"
for name, value in pairs(c.headers) do
  wrk.headers[name] = value
end
