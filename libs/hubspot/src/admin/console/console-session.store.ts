import { Inject, Injectable } from '@nestjs/common';
import { HubspotRedis } from '../../redis/hubspot-redis.types';
import { createHash, randomBytes } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { HUBSPOT_REDIS } from '../../config/hubspot.constants';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';

/** One signed-in console browser. */
export interface ConsoleSession {
  /** Sent back on every unsafe request (header X-CSRF-Token); the page embeds it, nothing stores it. */
  csrfToken: string;
  /** How the browser signed in: the admin token, or the host's own guard. */
  via: 'token' | 'host-guard';
  createdAt: number;
}

/**
 * Console sessions in Redis with a TTL. The browser holds only an opaque random id (never the admin token);
 * Redis holds the id's SHA-256, so a copy of Redis cannot be replayed as a cookie.
 */
@Injectable()
export class ConsoleSessionStore {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(HUBSPOT_REDIS) private readonly redis: HubspotRedis,
  ) {}

  get ttlMs(): number {
    return this.config.admin.consoleSessionTtlMs;
  }

  async create(via: ConsoleSession['via']): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      csrfToken: randomBytes(32).toString('base64url'),
      via,
      createdAt: Date.now(),
    };
    await this.redis.set(this.key(id), JSON.stringify(session), 'PX', this.ttlMs);
    return { id, session };
  }

  async find(id: string | undefined): Promise<ConsoleSession | null> {
    if (!id || id.length > 100) return null;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as ConsoleSession) : null;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id && id.length <= 100) await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    const digest = createHash('sha256').update(id).digest('hex');
    return `${this.config.redis.keyPrefix}:console:session:${digest}`;
  }
}
