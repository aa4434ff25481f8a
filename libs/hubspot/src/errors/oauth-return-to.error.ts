/** An install's `returnTo` is not a path on the app's own origin (it would make the callback an open redirect). */
export class OAuthReturnToError extends Error {
  constructor(readonly reason: string) {
    super(`returnTo must be a path on this app's origin (${reason})`);
    this.name = 'OAuthReturnToError';
  }
}
