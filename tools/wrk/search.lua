-- wrk script for tools/bench-server: each request is the next search of a rotating list, so
-- the measured rate mixes keyword, domain, session-filter and open-only searches.
--
--   wrk -c16 -t2 -d10s -s tools/wrk/search.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE holds one request path per line; without it the built-in list is used.
-- Failed answers show in wrk's own "Non-2xx or 3xx responses" line (no response () hook,
-- which would slow wrk down).
-- SPDX-License-Identifier: GPL-3.0-or-later

local paths = {
  "/api/v1/courses?q=anglais",
  "/api/v1/courses?domain=langues",
  "/api/v1/courses?arrondissement=11&day=tuesday&slot=evening",
  "/api/v1/courses?open_only=true",
}
local next_index = 0
local thread_count = 0

-- Runs in the main state, once per thread: threads start at different places in the list so
-- that they do not send the same search at the same moment.
function setup (thread)
  thread:set ("first_index", thread_count)
  thread_count = thread_count + 1
end

function init (args)
  if args[1] then
    local loaded = {}
    for line in io.lines (args[1]) do
      if line ~= "" then
        loaded[#loaded + 1] = line
      end
    end
    if #loaded > 0 then
      paths = loaded
    end
  end
  next_index = (first_index or 0) % #paths
end

function request ()
  next_index = next_index % #paths + 1
  return wrk.format ("GET", paths[next_index])
end
