-- POST /experiments/{id}/assignments/batch with BATCH_SIZE (default 1,000) new customers per request:
-- "<PREFIX>-<run>-<thread>-<request>-<i>".
--
-- Loader mode (LOAD_REQUESTS_PER_THREAD > 0): each thread cycles over exactly that many distinct batches and stops
-- once it has had that many answers, so the experiment ends up with threads x LOAD_REQUESTS_PER_THREAD x BATCH_SIZE
-- assignments (requests still in flight repeat an earlier batch, which is sticky and adds nothing).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require "common"

local path = "/api/v1/experiments/" .. c.experiment .. "/assignments/batch"
local size = tonumber(c.env("BATCH_SIZE", "1000"))
local prefix = c.env("ID_PREFIX", "b")
local limit = tonumber(c.env("LOAD_REQUESTS_PER_THREAD", "0"))
local sent, answered = 0, 0

function request()
  local n = sent
  if limit > 0 then
    n = sent % limit
  end
  sent = sent + 1
  local base = '"' .. prefix .. '-' .. c.run_tag .. '-' .. tid .. '-' .. n .. '-'
  local ids = {}
  for i = 1, size do
    ids[i] = base .. i .. '"'
  end
  return wrk.format("POST", path, c.headers, '{"customerIds":[' .. table.concat(ids, ",") .. ']}')
end

function response(status, headers, body)
  c.count_status(status)
  answered = answered + 1
  if limit > 0 and answered >= limit then
    wrk.thread:stop()
  end
end
