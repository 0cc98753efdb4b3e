-- Offers requests at about a fixed rate (wrk itself only knows "as fast as possible").
-- Usage: wrk -t1 -cN ... -s paced.lua URL -- RATE   (RATE in requests per second, one wrk thread)
--
-- wrk calls delay() before each request of a connection and waits that many milliseconds. Here the
-- thread keeps one schedule of send slots, 1/RATE apart; each call takes the next free slot and waits
-- until it. With enough connections (N above RATE times the latency) the offered rate is RATE. It is
-- an approximation of an open load: the wait has millisecond resolution (a request may leave up to
-- 1 ms early, never more than one slot per request); slots up to CATCH_UP_MS late are still sent, at
-- once, since wrk's timers fire late by about a millisecond; when the server falls further behind,
-- so that every connection is busy, the older missed slots are dropped rather than sent in a burst,
-- and their waiting time is not in the latency (wrk measures from the actual send).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local ffi = require("ffi")
ffi.cdef [[
  struct paced_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clock, struct paced_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local now = ffi.new("struct paced_timespec")
local CATCH_UP_MS = 10
local interval_ms
local next_slot_ms

local function monotonic_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end

function init(args)
  local rate = tonumber(args[1])
  if rate == nil or rate <= 0 then
    error("paced.lua needs the rate in requests per second after --")
  end
  interval_ms = 1000 / rate
end

function delay()
  local current = monotonic_ms()
  if next_slot_ms == nil or next_slot_ms < current - CATCH_UP_MS then
    next_slot_ms = current - CATCH_UP_MS
  end
  local wait = next_slot_ms - current
  next_slot_ms = next_slot_ms + interval_ms
  return math.max(0, math.floor(wait))
end
