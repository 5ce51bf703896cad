-- Lease-based connection semaphore of one (site, source), shared by all delivery replicas.
-- KEYS[1] sorted set: member = lease id, score = expiry (ms, Redis clock); KEYS[2] the site's pause key.
-- ARGV[1] limit, ARGV[2] lease ms, ARGV[3] lease id, ARGV[4] longest wait hint ms.
-- Returns {1, 0, ''} when granted, else {0, wait ms, limit name}.
-- Redis' own clock, so replicas with skewed clocks agree on when a lease has expired.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then
  return {0, paused, 'throttled'}
end
-- Leases of a replica that died (and stopped renewing) end here.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  -- Every lease expires by now + lease, so the set may go then too.
  redis.call('PEXPIRE', KEYS[1], lease)
  return {1, 0, ''}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = math.max(1, math.min(tonumber(oldest[2]) - now, tonumber(ARGV[4])))
return {0, wait, 'max-connections'}
