import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

interface OAuthInstallEventMap {
  /** A portal installed (or re-installed) the app; its tokens are stored. */
  installed: [portalId: number];
}

/** Install outcomes, for what must follow a new portal (its properties, for one). */
@Injectable()
export class OAuthInstallEvents extends EventEmitter<OAuthInstallEventMap> {}
