-- GET /console/experiments/{id}: the console's experiment page (server-rendered HTML), logged in.
-- bench/run.sh logs in once with curl and passes the session cookie in SESSION_COOKIE ("SESSION=..."). wrk.format
-- with a headers table drops the -H headers, so every header the request needs is in that table, the cookie
-- included. The request is built once per thread.
-- A 200 whose body is not the experiment page (no experiment-head header) is counted as status 0, which the
-- summary counts as non-2xx; an expired session shows up as 302 (to the login page), also non-2xx.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/console/experiments/" .. c.experiment
local cookie = c.env("SESSION_COOKIE", "")
local marker = 'class="experiment-head"'
local req = nil

function request()
  if req == nil then
    req = wrk.format("GET", path, {
      ["Host"] = wrk.headers["Host"],
      ["Cookie"] = cookie,
      ["Accept"] = "text/html",
    })
  end
  return req
end

function response(status, headers, body)
  if status == 200 and (body == nil or not string.find(body, marker, 1, true)) then
    status = 0
  end
  c.count_status(status)
end
