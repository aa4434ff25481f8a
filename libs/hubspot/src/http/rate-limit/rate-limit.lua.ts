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
 * KEYS: 1 window (zset slot id -> score), 2 cfg (hash max, win), 3 others, 4 daily (hash remaining,
 * resetAt), 5..8 lane waiter sets (live..backfill), 9 pacing window (slot id -> reservation time).
 * ARGV: 1 lane index, 2 learned (1/0), 3 max, 4 windowMs, 5 leaseMs, 6 pollMs, 7 bulk (1/0),
 * 8 dailyReserve, 9 waiterId, 10 pacing slices per window (1 = none), 11.. slot ids.
 * Returns {admitted, waitMs, dailyRemaining (-1 = not refused), resetAt}.
 */
export const ACQUIRE_LUA = `${NOW}
local lane = tonumber(ARGV[1])
local max = tonumber(ARGV[3])
local win = tonumber(ARGV[4])
local lease = tonumber(ARGV[5])
local poll = tonumber(ARGV[6])
local reserve = tonumber(ARGV[8])
local waiter = ARGV[9]
local slices = tonumber(ARGV[10])
local nids = #ARGV - 10

local daily = redis.call('HMGET', KEYS[4], 'remaining', 'resetAt')
if daily[1] then
  local rem = tonumber(daily[1])
  if rem <= 0 or (ARGV[7] == '1' and rem < reserve) then return {0, 0, rem, tonumber(daily[2]) or 0} end
end

if ARGV[2] == '1' then
  local cfg = redis.call('HMGET', KEYS[2], 'max', 'win')
  if cfg[1] then max = tonumber(cfg[1]) end
  if cfg[2] then win = tonumber(cfg[2]) end
  -- Leave what other integrations spend, plus its square root (one standard deviation of a count that
  -- arrives at random): their spend moves between our looks.
  local others = tonumber(redis.call('GET', KEYS[3]) or '0')
  max = math.max(1, max - others - math.ceil(math.sqrt(others)))
end

local function count(key, span)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
  return redis.call('ZCARD', key)
end

-- How long until 'want' more slots fit in a zset window holding n of limit.
local function untilFits(key, n, limit, span, settled, want)
  if n + want <= limit then return 0 end
  local index = n - limit + want - 1
  -- Beyond the stored slots: one of those being admitted now must leave first.
  if index >= n then
    if settled then return poll end
    return span
  end
  local e = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
  local score = tonumber(e[2])
  -- An unsettled slot (score in the future) leaves at an unknown time: poll.
  if settled and score > now then return poll end
  return math.max(1, score + span - now)
end

local n = count(KEYS[1], win)
local free = math.max(0, math.min(nids, max - n))
-- Pacing: at most 1/slices of the budget per 1/slices of the window, so slots stay spread out and
-- never free up in bursts that other integrations on the portal would race us for.
local pmax = math.ceil(max / slices)
local pspan = math.floor(win / slices)
local pn = 0
if slices > 1 then
  pn = count(KEYS[9], pspan)
  free = math.max(0, math.min(free, pmax - pn))
end
local wait = 0
if free < nids then
  wait = untilFits(KEYS[1], n, max, win, true, free + 1)
  if slices > 1 then
    local w = untilFits(KEYS[9], pn, pmax, pspan, false, free + 1)
    if w > wait then wait = w end
  end
end

-- Lanes: while a higher lane waits (in any process), lower lanes yield.
for i = 1, lane - 1 do
  local k = KEYS[4 + i]
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
  if redis.call('ZCARD', k) > 0 then
    free = 0
    if wait == 0 then wait = poll end
    break
  end
end

local mine = KEYS[4 + lane]
if free < nids then
  -- Registered until a little after it will ask again; a crashed process's entry expires by itself.
  local ttl = math.max(wait, poll) * 2 + 250
  redis.call('ZADD', mine, now + ttl, waiter)
  redis.call('PEXPIRE', mine, ttl)
else
  redis.call('ZREM', mine, waiter)
end
for i = 1, free do
  redis.call('ZADD', KEYS[1], now + lease, ARGV[10 + i])
  if slices > 1 then redis.call('ZADD', KEYS[9], now, ARGV[10 + i]) end
end
if free > 0 then
  redis.call('PEXPIRE', KEYS[1], win + lease + 1000)
  if slices > 1 then redis.call('PEXPIRE', KEYS[9], win) end
end
return {free, wait, -1, 0}
`;

/**
 * KEYS: 1 window, 2 cfg, 3 others, 4 daily, 5 observations of others' spend, 6 pacing window,
 * 7 per-minute history (hash: epoch minute -> calls, '<minute>:429' -> 429s).
 * ARGV: 1 id, 2 sent (1/0), 3 max, 4 intervalMs, 5 remaining, 6 dailyRemaining, 7 resetAt,
 * 8 dailyExhausted (1/0), 9 learned (1/0), 10 ms since the answer arrived, 11 answered 429 (1/0),
 * 12 counted in the history by another bucket's settle of the same call (1/0).
 * Empty string = header absent. Returns others.
 */
export const SETTLE_LUA = `${NOW}
local id = ARGV[1]
if ARGV[2] == '1' then
  -- Dated when the answer arrived (HubSpot counted the call before that), on Redis' clock.
  redis.call('ZADD', KEYS[1], 'XX', now - math.max(0, math.floor(tonumber(ARGV[10]) or 0)), id)
  -- One hour of calls per minute; the first call of a minute drops fields older than an hour.
  if ARGV[12] ~= '1' then
    local minute = math.floor(now / 60000)
    if redis.call('HINCRBY', KEYS[7], minute, 1) == 1 then
      for _, field in ipairs(redis.call('HKEYS', KEYS[7])) do
        local m = tonumber(string.match(field, '^(%d+)'))
        if m and m < minute - 60 then redis.call('HDEL', KEYS[7], field) end
      end
    end
    if ARGV[11] == '1' then redis.call('HINCRBY', KEYS[7], minute .. ':429', 1) end
    redis.call('PEXPIRE', KEYS[7], 3660000)
  end
else
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[6], id)
end

local resetAt = tonumber(ARGV[7])
if ARGV[8] == '1' then
  redis.call('HSET', KEYS[4], 'remaining', 0, 'resetAt', resetAt)
  redis.call('PEXPIREAT', KEYS[4], resetAt)
elseif ARGV[6] ~= '' then
  redis.call('HSET', KEYS[4], 'remaining', tonumber(ARGV[6]), 'resetAt', resetAt)
  redis.call('PEXPIREAT', KEYS[4], resetAt)
end

local others = tonumber(redis.call('GET', KEYS[3]) or '0')
if ARGV[9] == '1' and ARGV[3] ~= '' and ARGV[4] ~= '' and ARGV[5] ~= '' then
  local max = tonumber(ARGV[3])
  local win = tonumber(ARGV[4])
  redis.call('HSET', KEYS[2], 'max', max, 'win', win)
  redis.call('PEXPIRE', KEYS[2], 86400000)
  -- What HubSpot counts minus our slots in the window = other integrations' spend. Our slots are scored
  -- when the answer came back (>= when HubSpot counted them), so this errs low; the max over one window
  -- of observations smooths that out.
  local ours = redis.call('ZCOUNT', KEYS[1], now - win, '+inf')
  local observed = max - tonumber(ARGV[5]) - ours
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - win)
  redis.call('ZADD', KEYS[5], now, now .. ':' .. observed .. ':' .. id)
  redis.call('PEXPIRE', KEYS[5], win)
  others = 0
  for _, member in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
    local v = tonumber(string.match(member, '^[^:]+:([^:]+):'))
    if v and v > others then others = v end
  end
  if others > 0 then
    redis.call('SET', KEYS[3], others, 'PX', win)
  else
    redis.call('DEL', KEYS[3])
  end
end
return others
`;

/**
 * KEYS: 1 window, 2 cfg, 3 daily. ARGV: 1 max, 2 windowMs (until learned). Read only.
 * Returns {used (slots in the window, in flight included), max, windowMs, dailyRemaining (-1 = unknown), resetAt}.
 */
export const USAGE_LUA = `${NOW}
local cfg = redis.call('HMGET', KEYS[2], 'max', 'win')
local max = tonumber(cfg[1] or ARGV[1])
local win = tonumber(cfg[2] or ARGV[2])
local used = redis.call('ZCOUNT', KEYS[1], '(' .. (now - win), '+inf')
local daily = redis.call('HMGET', KEYS[3], 'remaining', 'resetAt')
return {used, max, win, tonumber(daily[1] or '-1'), tonumber(daily[2] or '0')}
`;
