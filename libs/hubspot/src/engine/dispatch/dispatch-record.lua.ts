/**
 * Lua for the per-portal record queues (DispatchStore). KEYS, all of one portal (see DispatchKeys.portal):
 *   1 pending hash   member -> JSON of the fields staged since the last claim (merged field by field)
 *   2 in-flight hash member -> JSON of what a batch claimed (kept until HubSpot accepted it)
 *   3 owner hash     member -> token of the batch that claimed it
 *   4 lease zset     member -> lease expiry; an expired lease puts the record back (a crashed worker)
 *   5 park hash      reason, until, scope
 *   6.. ready zsets  one per kind and lane, member -> due time (retries with backoff are just a later due)
 * A record is in exactly one place: a ready set (waiting), claimed (in flight), or nowhere (nothing to send).
 * Fields: 'p:<name>' property values, 'm:lane' lane index (the highest staged wins), 'm:first' when the oldest
 * merged intent was staged, 'm:att' failed attempts, 'm:dl:<id>' dead letters it replays, 'm:ob:<id>' outbox
 * rows it carries (DispatchBatchRunner settles them before it lets go of the claim). A record's sequence key
 * (DispatchKeys.sequence) outlives it: the newest outbox row ever staged for it, for a while. Time is Redis
 * server TIME, the same for every process.
 */
const COMMON = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local LANES = 4
local function readyKey(kind, lane) return KEYS[5 + (kind - 1) * LANES + lane] end
local function kindOf(member)
  if string.sub(member, 1, 1) == 'a' then return 2 end
  return 1
end
local function decode(raw)
  if raw then return cjson.decode(raw) end
  return nil
end
local function laneOf(rec) return tonumber(rec['m:lane'] or '1') end
local function enqueue(member, rec, due)
  local kind = kindOf(member)
  for l = 1, LANES do redis.call('ZREM', readyKey(kind, l), member) end
  redis.call('ZADD', readyKey(kind, laneOf(rec)), due, member)
end
local function drop(member)
  redis.call('HDEL', KEYS[2], member)
  redis.call('HDEL', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
end
-- The claimed copy goes back under what was staged since (newer values win), and waits until 'due'.
local function requeue(member, due, addAttempts)
  local fly = decode(redis.call('HGET', KEYS[2], member))
  local rec = decode(redis.call('HGET', KEYS[1], member)) or {}
  if fly then
    for k, v in pairs(fly) do
      if rec[k] == nil then rec[k] = v end
    end
    if tonumber(fly['m:first'] or now) < tonumber(rec['m:first'] or now) then rec['m:first'] = fly['m:first'] end
    if laneOf(fly) < laneOf(rec) then rec['m:lane'] = fly['m:lane'] end
    rec['m:att'] = tostring(tonumber(fly['m:att'] or '0') + addAttempts)
  end
  drop(member)
  if next(rec) == nil then return end
  redis.call('HSET', KEYS[1], member, cjson.encode(rec))
  enqueue(member, rec, due)
end
`;

/**
 * stage: one more key after the portal's, the record's sequence key (newest outbox row staged for it). ARGV
 * kind, lane, coalesceMs, batchSize, member, fields JSON, since (client time of the oldest change, for
 * 'm:first'), seq ('' for none), seqTtlMs. A stage with a seq at or below the record's writes nothing (a slower
 * outbox relay holding older rows of the record would overwrite newer values) but still makes sure what is
 * staged waits in its ready set. Returns {state, due}: state 1 queued, 0 held by a batch in flight (it sends
 * the staged data right after), 2 nothing staged (a newer relay carried these rows); due is now when a full
 * batch is ready.
 */
export const STAGE_LUA = `${COMMON}
local member = ARGV[5]
local seqKey = KEYS[#KEYS]
local seq = tonumber(ARGV[8])
local fresh = true
if seq then
  if seq <= tonumber(redis.call('GET', seqKey) or '0') then
    fresh = false
  else
    redis.call('SET', seqKey, ARGV[8], 'PX', ARGV[9])
  end
end
local rec = decode(redis.call('HGET', KEYS[1], member))
local lane = tonumber(ARGV[2])
if fresh then
  rec = rec or {}
  for k, v in pairs(cjson.decode(ARGV[6])) do rec[k] = v end
  if rec['m:first'] == nil or tonumber(ARGV[7]) < tonumber(rec['m:first']) then rec['m:first'] = ARGV[7] end
  if rec['m:lane'] ~= nil and laneOf(rec) < lane then lane = laneOf(rec) end
  rec['m:lane'] = tostring(lane)
  redis.call('HSET', KEYS[1], member, cjson.encode(rec))
elseif rec == nil then
  return {2, -1}
else
  lane = laneOf(rec)
end
if redis.call('HEXISTS', KEYS[3], member) == 1 then return {0, -1} end
local kind = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
local due = nil
for l = 1, LANES do
  local s = redis.call('ZSCORE', readyKey(kind, l), member)
  if s and (due == nil or tonumber(s) < due) then due = tonumber(s) end
end
if due == nil then due = now + window end
enqueue(member, rec, due)
if redis.call('ZCOUNT', readyKey(kind, lane), '-inf', now + window) >= tonumber(ARGV[4]) then due = now end
return {1, due}
`;

/**
 * claim: ARGV kind, lane, coalesceMs, batchSize, leaseMs, token. Takes up to batchSize due records of one kind
 * and lane (records still coalescing too, once a full batch is waiting), oldest first.
 * Returns {member, fields JSON, due, ...}.
 */
export const CLAIM_LUA = `${COMMON}
local key = readyKey(tonumber(ARGV[1]), tonumber(ARGV[2]))
local window = tonumber(ARGV[3])
local size = tonumber(ARGV[4])
local upto = now
if redis.call('ZCOUNT', key, '-inf', now + window) >= size then upto = now + window end
local members = redis.call('ZRANGEBYSCORE', key, '-inf', upto, 'WITHSCORES', 'LIMIT', 0, size)
local out = {}
for i = 1, #members, 2 do
  local member = members[i]
  redis.call('ZREM', key, member)
  local rec = redis.call('HGET', KEYS[1], member)
  if rec then
    redis.call('HSET', KEYS[2], member, rec)
    redis.call('HDEL', KEYS[1], member)
    redis.call('HSET', KEYS[3], member, ARGV[6])
    redis.call('ZADD', KEYS[4], now + tonumber(ARGV[5]), member)
    table.insert(out, member)
    table.insert(out, rec)
    table.insert(out, members[i + 1])
  end
end
return out
`;

/**
 * finish: ARGV token, members... The batch is done with what it claimed. Per member: 1 when more was staged
 * meanwhile (queued again, due now), 0 when released, -1 when the claim was no longer this batch's.
 */
export const FINISH_LUA = `${COMMON}
local out = {}
for i = 2, #ARGV do
  local member = ARGV[i]
  if redis.call('HGET', KEYS[3], member) ~= ARGV[1] then
    table.insert(out, -1)
  else
    drop(member)
    local rec = decode(redis.call('HGET', KEYS[1], member))
    if rec then
      enqueue(member, rec, now)
      table.insert(out, 1)
    else
      table.insert(out, 0)
    end
  end
end
return out
`;

/**
 * release: ARGV token, then (member, at, delayMs, addAttempts) quads. Claimed records go back to their ready
 * set, due at `at` (their old place; -1: none) or after the delay. Returns the earliest due (-1 if none was
 * this batch's).
 */
export const RELEASE_LUA = `${COMMON}
local earliest = -1
for i = 2, #ARGV, 4 do
  local member = ARGV[i]
  if redis.call('HGET', KEYS[3], member) == ARGV[1] then
    local due = tonumber(ARGV[i + 1])
    if due < 0 then due = now + tonumber(ARGV[i + 2]) end
    requeue(member, due, tonumber(ARGV[i + 3]))
    if earliest < 0 or due < earliest then earliest = due end
  end
end
return earliest
`;

/** renew: ARGV token, leaseMs, members... Extends the leases this batch still owns. */
export const RENEW_LUA = `${COMMON}
local n = 0
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[3], ARGV[i]) == ARGV[1] then
    redis.call('ZADD', KEYS[4], 'XX', now + tonumber(ARGV[2]), ARGV[i])
    n = n + 1
  end
end
return n
`;

/** discard: ARGV member. Drops what was staged and not yet claimed (a batch in flight finishes its own). */
export const DISCARD_LUA = `${COMMON}
local member = ARGV[1]
redis.call('HDEL', KEYS[1], member)
if redis.call('HEXISTS', KEYS[3], member) == 0 then
  local kind = kindOf(member)
  for l = 1, LANES do redis.call('ZREM', readyKey(kind, l), member) end
end
return 1
`;

/**
 * peek: ARGV coalesceMs, batchSize. Returns expired leases to their queues first (crash safety), then
 * {parkReason, parkUntil, parkScope, nextDue (-1 none), nextLeaseExpiry (-1 none), now, dispatchable flag per
 * ready set...}. A ready set is dispatchable when its oldest record is due or a full batch is waiting.
 */
export const PEEK_LUA = `${COMMON}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 1000)) do
  requeue(member, now, 1)
end
local park = redis.call('HMGET', KEYS[5], 'reason', 'until', 'scope')
if park[1] and tonumber(park[2]) <= now then
  redis.call('DEL', KEYS[5])
  park = {false, false, false}
end
local window = tonumber(ARGV[1])
local size = tonumber(ARGV[2])
local nextDue = -1
local flags = {}
for i = 6, #KEYS do
  local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  local flag = 0
  if first[1] then
    local due = tonumber(first[2])
    if due <= now or redis.call('ZCOUNT', KEYS[i], '-inf', now + window) >= size then flag = 1 end
    if nextDue < 0 or due < nextDue then nextDue = due end
  end
  table.insert(flags, flag)
end
local lease = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
local out = {park[1] or '', tonumber(park[2] or '0'), park[3] or '', nextDue, tonumber(lease[2] or '-1'), now}
for _, f in ipairs(flags) do table.insert(out, f) end
return out
`;
