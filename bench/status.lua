-- wrk script for bench/run.sh: counts the responses by status, so that a signed-in page that
-- silently redirects to /login (a 303, which wrk itself counts as a success) is caught.
-- Prints one line at the end: "status-counts: expected=N 3xx=N other=N". The expected status is a
-- 200 unless a script that loads this one (bench/post.lua) sets `expected`.

local threads = {}
expected = 200

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, redirects, other = 0, 0, 0
end

function response(status, headers, body)
  if status == expected then
    ok = ok + 1
  elseif status >= 300 and status < 400 then
    redirects = redirects + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, r, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    r = r + t:get("redirects")
    x = x + t:get("other")
  end
  io.write(string.format("status-counts: expected=%d 3xx=%d other=%d\n", o, r, x))
end
