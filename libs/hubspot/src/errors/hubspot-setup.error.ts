/**
 * Thrown at boot when the host's setup cannot work (TypeORM missing, the module's tables or entities missing,
 * a declared HubSpot property that disagrees with the portal, a peer a requested feature needs). Each problem
 * says what to do.
 */
export class HubspotSetupError extends Error {
  constructor(readonly problems: string[]) {
    super(`HubspotModule cannot start:\n  - ${problems.join('\n  - ')}`);
    this.name = 'HubspotSetupError';
  }
}
