/** Lua for a portal's state as a whole (DispatchStore): parking, outage counting and the backlog view. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * park: KEYS park hash; ARGV reason, ms, scope. A park never shortens one already in place for all lanes.
 * Returns the time it lasts until.
 */
export const PARK_LUA = `${NOW}
local untilAt = now + tonumber(ARGV[2])
local current = redis.call('HMGET', KEYS[1], 'until', 'scope')
if current[1] and current[2] == 'all' and tonumber(current[1]) > untilAt then return tonumber(current[1]) end
redis.call('HSET', KEYS[1], 'reason', ARGV[1], 'until', untilAt, 'scope', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], untilAt)
return untilAt
`;

/** failed: KEYS failures counter; ARGV ttl. One more failed batch in a row; returns how many. */
export const FAILED_LUA = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return n
`;

/**
 * backlog: KEYS as dispatch-record.lua.ts, read only. Returns {inFlight, parkReason, parkUntil, parkScope,
 * oldestDue (-1 none), now, size per ready set...}.
 */
export const BACKLOG_LUA = `${NOW}
local park = redis.call('HMGET', KEYS[5], 'reason', 'until', 'scope')
if park[1] and tonumber(park[2]) <= now then park = {false, false, false} end
local oldest = -1
local sizes = {}
for i = 6, #KEYS do
  table.insert(sizes, redis.call('ZCARD', KEYS[i]))
  local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  if first[1] and (oldest < 0 or tonumber(first[2]) < oldest) then oldest = tonumber(first[2]) end
end
local out = {redis.call('HLEN', KEYS[2]), park[1] or '', tonumber(park[2] or '0'), park[3] or '', oldest, now}
for _, n in ipairs(sizes) do table.insert(out, n) end
return out
`;
