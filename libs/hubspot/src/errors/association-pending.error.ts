/** One side of a queued association is not in HubSpot (the ledger) yet: the job retries later. */
export class AssociationPendingError extends Error {
  readonly category = 'ASSOCIATION_SIDE_MISSING';

  constructor(readonly missing: string[]) {
    super(`Not in HubSpot yet: ${missing.join(', ')}`);
    this.name = 'AssociationPendingError';
  }
}
