/**
 * Lua scripts behind IntentStore. Per record key there are four Redis keys:
 *   P (pending hash)  intents staged since the last claim, merged field by field (newest wins)
 *   I (inflight hash) what the owning job is sending right now (kept until HubSpot accepted it)
 *   L (lease string)  id of the one Bull job that owns the key; at most one batch per key is in flight
 *   S (sequence)      newest outbox row staged for the record (only intents relayed from the outbox carry one)
 * Hash fields: 'p:<property>' = JSON value, 'm:*' = meta, 'gen' = generation for the job id.
 * A job id is '<portal>:<type>:<key>:<gen>'; the generation changes with every claim, so an intent staged
 * after a claim never lands on a job that has already read its data.
 */

/** Returns 1 when the owner (ARGV[1]) is a live Bull job: hash exists and not finished. */
const OWNER_ALIVE = `
local function ownerAlive(jobPrefix, owner)
  local jk = jobPrefix .. owner
  return redis.call('EXISTS', jk) == 1 and redis.call('HEXISTS', jk, 'finishedOn') == 0
end
`;

/**
 * stage: KEYS P, I, L, G (global generation counter), S; ARGV jobPrefix, now, seq, seqTtlMs, field, value, ...
 * Returns {state, gen}: state 0 = enqueue job '<base>:<gen>'; 1 = a live owner sends the staged data when it
 * finishes; 2 = nothing staged (an outbox relay older than one already staged: it carried these rows too).
 * A relay with a seq at or below S writes nothing (it would overwrite newer values) but still makes sure a
 * job will send what is staged, folding back what a dead owner held.
 */
export const STAGE_SCRIPT = `${OWNER_ALIVE}
local seq = tonumber(ARGV[3])
local fresh = true
if seq then
  if seq <= tonumber(redis.call('GET', KEYS[5]) or '0') then
    fresh = false
  else
    redis.call('SET', KEYS[5], ARGV[3], 'PX', ARGV[4])
  end
end
if fresh then
  for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
  redis.call('HSETNX', KEYS[1], 'm:first', ARGV[2])
end
local owner = redis.call('GET', KEYS[3])
if owner then
  if ownerAlive(ARGV[1], owner) then return {1, ''} end
  -- The owner is gone (failed for good while holding the key): fold what it held back in, older first,
  -- except its generation (a new job sends it, not the dead one's id).
  local held = redis.call('HGETALL', KEYS[2])
  for i = 1, #held, 2 do
    if held[i] ~= 'gen' then redis.call('HSETNX', KEYS[1], held[i], held[i + 1]) end
  end
  redis.call('DEL', KEYS[2], KEYS[3])
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {2, ''} end
local gen = redis.call('HGET', KEYS[1], 'gen')
if not gen then
  gen = tostring(redis.call('INCR', KEYS[4]))
  redis.call('HSET', KEYS[1], 'gen', gen)
end
return {0, gen}
`;

/**
 * claim: KEYS P, I, L; ARGV jobPrefix, owner. Moves P into I (P wins) under the owner's lease.
 * Returns {'busy'} when another live job owns the key, else {'ok', field, value, ...} (no fields: nothing to do).
 */
export const CLAIM_SCRIPT = `${OWNER_ALIVE}
local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[2] and ownerAlive(ARGV[1], owner) then return {'busy'} end
redis.call('SET', KEYS[3], ARGV[2])
local pending = redis.call('HGETALL', KEYS[1])
for i = 1, #pending, 2 do
  if pending[i] == 'm:first' then
    redis.call('HSETNX', KEYS[2], pending[i], pending[i + 1])
  else
    redis.call('HSET', KEYS[2], pending[i], pending[i + 1])
  end
end
redis.call('DEL', KEYS[1])
local held = redis.call('HGETALL', KEYS[2])
table.insert(held, 1, 'ok')
return held
`;

/**
 * finish: KEYS P, I, L; ARGV owner. The owner is done with what it claimed (accepted or dead-lettered).
 * Returns 1 if more was staged meanwhile (lease kept: the owner claims again), 0 when released, -1 if the
 * lease is not the owner's.
 */
export const FINISH_SCRIPT = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
redis.call('DEL', KEYS[3])
return 0
`;

/** handoff: KEYS L; ARGV owner, successor. Passes the lease to a job that continues this one (parking). */
export const HANDOFF_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;
