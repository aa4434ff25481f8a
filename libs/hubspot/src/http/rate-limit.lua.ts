/**
 * Lua for the shared limiter. Time is Redis server TIME, so every process agrees on the window.
 * A slot is reserved (score = now + lease) before the request leaves and re-scored to the time the
 * answer came back when it settles: the next call that reuses it leaves at least one window after
 * HubSpot saw the previous one, whatever the latency.
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: 1 cfg (hash max, win), 2 others, 3 daily (hash remaining, resetAt), 4..7 lane waiter sets
 * (live..backfill), 8.. one window per bucket.
 * ARGV: 1 lane index, 2 leaseMs, 3 pollMs, 4 bulk (1/0), 5 dailyReserve, 6 waiterId, 7 bucket count,
 * then kind, max, windowMs per bucket, then the slot ids.
 * Returns {admitted, waitMs, dailyRemaining|-1, resetAt}.
 */
export const ACQUIRE_LUA = `${NOW}
local lane = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local poll = tonumber(ARGV[3])
local bulk = ARGV[4] == '1'
local reserve = tonumber(ARGV[5])
local waiter = ARGV[6]
local nb = tonumber(ARGV[7])
local firstId = 8 + nb * 3
local nids = #ARGV - firstId + 1

local daily = redis.call('HMGET', KEYS[3], 'remaining', 'resetAt')
if daily[1] then
  local rem = tonumber(daily[1])
  if rem <= 0 or (bulk and rem < reserve) then return {0, 0, rem, tonumber(daily[2]) or 0} end
end

local cfg = redis.call('HMGET', KEYS[1], 'max', 'win')
local others = tonumber(redis.call('GET', KEYS[2]) or '0')
local free = nids
local wait = 0
local wins = {}
for b = 1, nb do
  local base = 7 + (b - 1) * 3
  local kind = ARGV[base + 1]
  local max = tonumber(ARGV[base + 2])
  local win = tonumber(ARGV[base + 3])
  if kind ~= 'fixed' and cfg[2] then win = tonumber(cfg[2]) end
  if kind == 'learned' then
    if cfg[1] then max = tonumber(cfg[1]) end
    max = math.max(1, max - others)
  end
  local key = KEYS[7 + b]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win)
  local count = redis.call('ZCARD', key)
  local room = max - count
  if room < free then free = math.max(0, room) end
  if room <= 0 then
    local e = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    local score = tonumber(e[2])
    local w = poll
    if score <= now then w = math.min(score + win - now + 1, win) end
    if w > wait then wait = w end
  end
  wins[b] = win
end

-- Lanes: while a higher lane of this bucket set waits (in any process), lower lanes yield.
for i = 1, lane - 1 do
  local k = KEYS[3 + i]
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
  if redis.call('ZCARD', k) > 0 then
    free = 0
    if wait == 0 then wait = poll end
    break
  end
end

local mine = KEYS[3 + lane]
if free < nids then
  -- Registered until a little after it will ask again; a crashed process's entry expires by itself.
  local ttl = math.max(wait, poll) * 2 + 250
  redis.call('ZADD', mine, now + ttl, waiter)
  redis.call('PEXPIRE', mine, ttl)
else
  redis.call('ZREM', mine, waiter)
end
for i = 0, free - 1 do
  for b = 1, nb do
    local key = KEYS[7 + b]
    redis.call('ZADD', key, now + lease, ARGV[firstId + i])
    redis.call('PEXPIRE', key, wins[b] + lease + 1000)
  end
end
return {free, wait, -1, 0}
`;

/**
 * KEYS: 1 cfg, 2 others, 3 daily, 4 observations of others' spend, 5.. one window per bucket (the
 * learned bucket first when present).
 * ARGV: 1 id, 2 sent (1/0), 3 max, 4 intervalMs, 5 remaining, 6 dailyRemaining, 7 resetAt,
 * 8 dailyExhausted (1/0), 9 learned bucket present (1/0). Empty string = header absent.
 * Returns others.
 */
export const SETTLE_LUA = `${NOW}
local id = ARGV[1]
for b = 5, #KEYS do
  if ARGV[2] == '1' then
    redis.call('ZADD', KEYS[b], 'XX', now, id)
  else
    redis.call('ZREM', KEYS[b], id)
  end
end

local resetAt = tonumber(ARGV[7])
if ARGV[8] == '1' then
  redis.call('HSET', KEYS[3], 'remaining', 0, 'resetAt', resetAt)
  redis.call('PEXPIREAT', KEYS[3], resetAt)
elseif ARGV[6] ~= '' then
  redis.call('HSET', KEYS[3], 'remaining', tonumber(ARGV[6]), 'resetAt', resetAt)
  redis.call('PEXPIREAT', KEYS[3], resetAt)
end

local others = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[9] == '1' and ARGV[3] ~= '' and ARGV[4] ~= '' and ARGV[5] ~= '' then
  local max = tonumber(ARGV[3])
  local win = tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'max', max, 'win', win)
  redis.call('PEXPIRE', KEYS[1], 86400000)
  -- What HubSpot counts minus what we have in flight or sent within the window = other integrations.
  -- Our slots are scored at settle time (>= when HubSpot saw them), so this never overestimates them.
  local ours = redis.call('ZCOUNT', KEYS[5], now - win, '+inf')
  local observed = max - tonumber(ARGV[5]) - ours
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - win)
  redis.call('ZADD', KEYS[4], now, now .. ':' .. observed .. ':' .. id)
  redis.call('PEXPIRE', KEYS[4], win)
  others = 0
  for _, member in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
    local v = tonumber(string.match(member, '^[^:]+:([^:]+):'))
    if v and v > others then others = v end
  end
  if others > 0 then
    redis.call('SET', KEYS[2], others, 'PX', win)
  else
    redis.call('DEL', KEYS[2])
  end
end
return others
`;
