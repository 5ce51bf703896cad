-- Token bucket of one tenant (KEYS[1] = pm:rate:tenant:<tenant>), atomic because Redis runs a script alone.
-- ARGV[1] capacity: messages per period (the largest burst); ARGV[2] period in ms (an empty bucket refills
-- completely in one period); ARGV[3] tokens requested (1 for SMTP, the batch size for the HTTP batch).
-- Returns {granted, retry_after_ms}: granted <= requested; retry_after_ms is when the next whole token is
-- there (0 when everything was granted).
-- Time comes from Redis (TIME), not from the callers, so replicas with skewed clocks share one bucket fairly.
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * capacity / period)
end
local granted = math.min(requested, math.floor(tokens))
if granted < 0 then granted = 0 end
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
-- A bucket left alone is full again after one period: it need not outlive that.
redis.call('PEXPIRE', KEYS[1], period)
local wait = 0
if granted < requested then
  wait = math.ceil((1 - tokens) * period / capacity)
end
return {granted, wait}
