-- Message rates of one (site, source): a generic cell rate algorithm per rate, all checked before any is charged.
-- KEYS[1] the site's pause key; KEYS[2] the site's slow-down factor; KEYS[3..] one state (the theoretical
-- arrival time, ms) per rate. ARGV per rate i (from 0): [3i+1] limit, [3i+2] period ms, [3i+3] burst.
-- Returns {1, 0, 0} when the message may go, {0, wait ms, 0} while paused, {0, wait ms, i} when rate i
-- (1-based) holds it back.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then
  return {0, paused, 0}
end
local factor = tonumber(redis.call('GET', KEYS[2]) or '1')
local next_tat = {}
local wait, blocker = 0, 0
for i = 3, #KEYS do
  local j = (i - 3) * 3
  local limit, period, burst = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3])
  -- Throttled sites get a proportionally lower rate and smaller bursts.
  local interval = period / (limit * factor)
  local slots = math.max(1, math.floor(burst * factor))
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then
    tat = now
  end
  local allowed_at = tat - (slots - 1) * interval
  if allowed_at > now then
    if allowed_at - now > wait then
      wait, blocker = allowed_at - now, i - 2
    end
  else
    next_tat[i] = tat + interval
  end
end
if blocker > 0 then
  return {0, math.ceil(wait), blocker}
end
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.3f', next_tat[i]), 'PX', math.ceil(next_tat[i] - now) + 1000)
end
return {1, 0, 0}
