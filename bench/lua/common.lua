-- Shared by every scenario script (loaded with require "common" after the runner puts bench/lua on
-- package.path through BENCH_LUA_DIR). Provides:
--   * env(name, default)       read a setting passed by bench/run.sh
--   * thread ids               setup() numbers the wrk threads 0, 1, ... (global `tid` inside each thread)
--   * status counting          response() counts every status code; done() prints one line
--                              "STATUS 200=123 409=4" and "NON2XX <n>" that bench/run.sh parses.
--   * post(path, body)         a POST request with the headers, built by concatenation (cheaper than
--                              wrk.format, which formats every header again on every call).
-- Scenario scripts define init()/request() and may wrap response() (call count_status first).

local M = {}

function M.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    return default
  end
  return v
end

M.api_key = M.env("API_KEY", "")
M.experiment = M.env("EXPERIMENT_ID", "")
M.run_tag = M.env("RUN_TAG", tostring(os.time()))
M.headers = {
  ["Authorization"] = "Bearer " .. M.api_key,
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
}

-- The header lines (Host, which wrk sets in each thread before init(), and M.headers), built once per thread.
local header_block = nil

function M.post(path, body)
  if header_block == nil then
    local lines = { "Host: " .. wrk.headers["Host"] }
    for name, value in pairs(M.headers) do
      lines[#lines + 1] = name .. ": " .. value
    end
    header_block = table.concat(lines, "\r\n") .. "\r\n"
  end
  return "POST " .. path .. " HTTP/1.1\r\n" .. header_block .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

-- main state: number the threads and keep them for done()
local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

-- per-thread state
statuses = {}

function M.count_status(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function response(status, headers, body)
  M.count_status(status)
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses") or {}
    for code, n in pairs(s) do
      total[code] = (total[code] or 0) + n
    end
  end
  local codes = {}
  for code, _ in pairs(total) do
    table.insert(codes, code)
  end
  table.sort(codes)
  local parts, non2xx = {}, 0
  for _, code in ipairs(codes) do
    table.insert(parts, code .. "=" .. total[code])
    if code < 200 or code > 299 then
      non2xx = non2xx + total[code]
    end
  end
  io.write("STATUS " .. table.concat(parts, " ") .. "\n")
  io.write("NON2XX " .. non2xx .. "\n")
end

return M
