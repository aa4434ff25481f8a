/**
 * Lua for the index of portals with work (PortalIndex): one sorted set, portal id -> when it is next due.
 * Producers lower a portal's score (ZADD LT); a dispatcher takes due portals for a short visit lease and then
 * settles the score it computed, unless a producer lowered it meanwhile (no wake-up is lost that way).
 */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** take: ARGV max, leaseMs. Returns {leaseScore, due portals in all, portal, score, ...}: oldest due first. */
export const TAKE_LUA = `${NOW}
local lease = now + tonumber(ARGV[2])
local total = redis.call('ZCOUNT', KEYS[1], '-inf', now)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local out = {lease, total}
for i = 1, #due, 2 do
  redis.call('ZADD', KEYS[1], lease, due[i])
  table.insert(out, due[i])
  table.insert(out, due[i + 1])
end
return out
`;

/**
 * settle: ARGV portal, leaseScore, next (-1: nothing left, drop it). Returns 1 when our score was applied, 0 when
 * a producer had lowered it meanwhile (then only a lower `next` applies).
 */
export const SETTLE_LUA = `
local current = redis.call('ZSCORE', KEYS[1], ARGV[1])
local nextDue = tonumber(ARGV[3])
if current and tonumber(current) == tonumber(ARGV[2]) then
  if nextDue < 0 then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], nextDue, ARGV[1]) end
  return 1
end
if nextDue >= 0 then redis.call('ZADD', KEYS[1], 'LT', nextDue, ARGV[1]) end
return 0
`;
