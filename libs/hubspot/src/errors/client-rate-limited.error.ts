/** A caller of one of the module's own routes (not HubSpot) sent more requests than its window allows. */
export class ClientRateLimitedError extends Error {
  constructor(
    readonly scope: string,
    readonly retryAfterMs: number,
  ) {
    super(`Too many ${scope} requests; try again later`);
    this.name = 'ClientRateLimitedError';
  }
}
