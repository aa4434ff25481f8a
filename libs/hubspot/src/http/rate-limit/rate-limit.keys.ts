/**
 * Redis keys of one portal's limiter state (every process and the console read the same ones). Every key of
 * one portal carries the hash tag `{portalId}`: one cluster slot, so the scripts may touch them all.
 */
export function rateLimitKeys(keyPrefix: string, portalId: number, bucket = 'default') {
  const portal = `${keyPrefix}:rl:{${portalId}}`;
  const base = `${portal}:${bucket}`;
  return {
    base,
    window: `${base}:win`,
    cfg: `${base}:cfg`,
    others: `${base}:others`,
    observations: `${base}:obs`,
    pacing: `${base}:pace`,
    daily: `${portal}:daily`,
    /** Calls sent per minute (all buckets), for the last hour: field = epoch minute, `<minute>:429` = 429s. */
    history: `${portal}:hist`,
  };
}
