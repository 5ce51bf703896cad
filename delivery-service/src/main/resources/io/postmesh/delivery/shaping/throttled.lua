-- A throttling reply from a site. KEYS[1] its slow-down factor; KEYS[2] its pause key.
-- ARGV[1] factor (e.g. 0.5), ARGV[2] min factor, ARGV[3] back-off ms, ARGV[4] pause ms.
-- The rate is lowered at most once per pause: ten connections refused at once are one signal, not ten.
-- Returns the factor now in force.
local fresh = true
if tonumber(ARGV[4]) > 0 then
  fresh = redis.call('SET', KEYS[2], '1', 'PX', ARGV[4], 'NX')
end
local f = tonumber(redis.call('GET', KEYS[1]) or '1')
if fresh then
  f = math.max(f * tonumber(ARGV[1]), tonumber(ARGV[2]))
end
redis.call('SET', KEYS[1], tostring(f), 'PX', ARGV[3])
return tostring(f)
