import { Inject } from '@nestjs/common';
import { TokenProvider } from '../../http/token-provider';
import { Lane } from '../../http/hubspot-request.types';
import { OutboxTransaction } from '../../engine/outbox/outbox.types';

/** Every public CRM method takes these; portalId defaults to the bound portal, then the default one. */
export interface CrmCallOptions {
  portalId?: number;
}

export interface CrmWriteOptions extends CrmCallOptions {
  /** Priority lane of the HubSpot calls (default 'live'). */
  lane?: Lane;
}

/** Options of the queued writes (upsert, churn, associate, recordSale). */
export interface QueuedWriteOptions extends CrmWriteOptions {
  /**
   * The host's running transaction (the EntityManager of `dataSource.transaction(...)`, or a QueryRunner):
   * the intent is written to `hubspot_outbox` inside it, so it is sent if and only if that transaction
   * commits. Without it, the intent goes to Redis at once.
   */
  transaction?: OutboxTransaction;
}

/**
 * Base of the CRM services: resolves the portal a call acts for. `forPortal(id)` returns a view of the same
 * service bound to that portal (`contacts.forPortal(1001).upsert(...)`).
 */
export abstract class PortalScoped {
  @Inject(TokenProvider) protected readonly tokens!: TokenProvider;
  private boundPortalId?: number;

  forPortal(portalId: number): this {
    const scoped = Object.create(this) as this;
    (scoped as PortalScoped).boundPortalId = portalId;
    return scoped;
  }

  protected async portal(portalId?: number): Promise<number> {
    return portalId ?? this.boundPortalId ?? (await this.tokens.defaultPortalId());
  }
}
