-- Extends the leases this replica still holds. KEYS[1] the lease set; ARGV[1] lease ms; ARGV[2..] lease ids.
-- Returns how many were still there (a lease that already expired and was removed is not revived).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
local renewed = 0
for i = 2, #ARGV do
  renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + lease, ARGV[i])
end
if renewed > 0 then
  redis.call('PEXPIRE', KEYS[1], lease)
end
return renewed
