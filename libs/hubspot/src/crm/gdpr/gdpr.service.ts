import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HubspotError, HubspotNotFoundError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { SyncIntentQueue } from '../../engine/intents/sync-intent.queue';
import { SyncLedgerService } from '../../engine/ledger/sync-ledger.service';
import { OutboxSettlement } from '../../engine/outbox/outbox.settlement';
import { ContactIdentity } from '../../model/contact-identity';
import { HubspotGdprAudit } from './hubspot-gdpr-audit.entity';

export interface GdprEraseOptions {
  /** Who asked (an operator or user id), stored in the audit row. */
  requestedBy?: string;
  reason?: string;
}

/**
 * GDPR erasure of one contact through HubSpot's contacts gdpr-delete call, audited in hubspot_gdpr_audit.
 * Drops intents still staged for the contact (in Redis and in the outbox) and its ledger row, so nothing
 * recreates it. Never implicit: churn and deletion in the host's app are property changes, not erasures.
 */
@Injectable()
export class GdprService {
  private readonly logger = new Logger(GdprService.name);

  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
    private readonly ledger: SyncLedgerService,
    private readonly intents: SyncIntentQueue,
    private readonly outbox: OutboxSettlement,
    @InjectRepository(HubspotGdprAudit) private readonly audit: Repository<HubspotGdprAudit>,
  ) {}

  async eraseContact(
    portalId: number,
    identity: ContactIdentity,
    options: GdprEraseOptions = {},
  ): Promise<HubspotGdprAudit> {
    const hubspotId = await this.ledger.hubspotId(portalId, 'contacts', identity.localKey);
    const row = await this.audit.save(
      this.audit.create({
        portalId,
        localKey: identity.localKey,
        hubspotId,
        status: 'requested',
        requestedBy: options.requestedBy ?? null,
        reason: options.reason ?? null,
        completedAt: null,
      }),
    );
    const ref = { portalId, objectType: 'contacts', localKey: identity.localKey };
    await this.intents.discardPending(ref);
    await this.outbox.discard({ kind: 'upsert', ...ref });
    const body = hubspotId
      ? { objectId: hubspotId }
      : { objectId: identity.id, idProperty: identity.idProperty };
    try {
      const res = await this.http.post(this.paths.gdprDelete(), body, {
        portalId,
        lane: 'live',
      });
      Object.assign(row, { status: 'erased', correlationId: res.correlationId ?? null });
    } catch (err) {
      if (!(err instanceof HubspotError)) throw err;
      const notFound = err instanceof HubspotNotFoundError;
      Object.assign(row, {
        status: notFound ? 'not_found' : 'failed',
        correlationId: err.correlationId ?? null,
        message: err.message,
      });
      if (!notFound) {
        row.completedAt = new Date();
        await this.audit.save(row);
        throw err;
      }
    }
    row.completedAt = new Date();
    await this.ledger.forget(portalId, 'contacts', [identity.localKey]);
    this.logger.log(`GDPR erasure #${row.id} for portal ${portalId}: ${row.status}`);
    return this.audit.save(row);
  }
}
