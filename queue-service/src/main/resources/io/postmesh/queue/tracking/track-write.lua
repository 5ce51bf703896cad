-- One message's tracking write as one round trip (TrackingWrite builds the arguments).
-- KEYS[1] pm:track:<queueId>, KEYS[2] pm:seen:<queueId>, KEYS[3] report bucket hash,
-- KEYS[4..3+d] pm:depth:* hashes (one per depth field)
-- ARGV[1] track/seen ttl (s), ARGV[2] report ttl (s), ARGV[3] report field, ARGV[4] depth delta,
-- ARGV[5] d (depth fields), ARGV[6] h (HSET pairs), ARGV[7] n (HSETNX pairs), ARGV[8] c (count-once identities),
-- then d depth fields, h field/value pairs, n field/value pairs, c identities.
-- Returns how many identities were new (and counted).
local d, h, n, c = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local i = 9
for k = 1, d do
  redis.call('HINCRBY', KEYS[3 + k], ARGV[i], ARGV[4])
  i = i + 1
end
if h > 0 then
  local fv = {}
  for k = 1, 2 * h do
    fv[k] = ARGV[i]
    i = i + 1
  end
  redis.call('HSET', KEYS[1], unpack(fv))
end
for k = 1, n do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
-- Count once per identity: the SADD decides, and the counter moves in the same script, so a crash cannot
-- leave one without the other (events are delivered at least once).
local counted = 0
for k = 1, c do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
    redis.call('EXPIRE', KEYS[3], ARGV[2])
    counted = counted + 1
  end
  i = i + 1
end
if c > 0 then
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return counted
