-- wrk script for bench/run.sh: a form post, each staff member's progress on their first commitment
-- (the mid-year review, when everyone reports at once). POST_SESSIONS names a file of lines
-- "session-token csrf-token path", one per signed-in staff member; each request takes the next line
-- (each thread starts at its own offset) and sends a different percentage each time, so that every
-- request is a real change: the row updated and an audit entry written in one transaction.
-- The answers are counted by bench/status.lua (run.sh runs wrk from the repository's root); a 303
-- back to the registration is the good one.

dofile("bench/status.lua")
expected = 303

local count_setup, count_init = setup, init
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  count_setup(thread)
end

function init(args)
  count_init(args)
  sessions = {}
  for line in io.lines(os.getenv("POST_SESSIONS")) do
    local token, csrf, path = line:match("^(%S+) (%S+) (%S+)$")
    if token then
      table.insert(sessions, { token = token, csrf = csrf, path = path })
    end
  end
  n = id * 7919
end

function request()
  n = n + 1
  local s = sessions[(n % #sessions) + 1]
  local body = "csrf_token=" .. s.csrf .. "&position=1&progress=" .. tostring(n % 101) .. "&note="
  return wrk.format("POST", s.path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "thidua_session=" .. s.token,
  }, body)
end
