export type OAuthStateRejection =
  'missing' | 'malformed' | 'bad-signature' | 'expired' | 'replayed' | 'browser-mismatch';

/**
 * The install flow's `state` was missing, forged, malformed, too old, already used, or came back in another
 * browser than the one that started the install.
 */
export class OAuthStateError extends Error {
  constructor(readonly reason: OAuthStateRejection) {
    super(`Invalid OAuth state (${reason})`);
    this.name = 'OAuthStateError';
  }
}
