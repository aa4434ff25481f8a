/** Thrown at boot when the module's options are invalid; lists every problem with the option's path. */
export class HubspotConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid HubspotModule options:\n  - ${problems.join('\n  - ')}`);
    this.name = 'HubspotConfigError';
  }
}
