import { HubspotWebhookEvent, HubspotWebhookHandler } from '@app/hubspot';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CrmDealStage } from './crm-deal-stage.entity';

const WON_STAGE = 'closedwon';

/**
 * Example of a host reacting to HubSpot: a sales rep moves a deal, the app records its stage (and when
 * it was won). The module calls this once per distinct change, in occurredAt order per deal, and
 * retries it when it throws; echoes of the app's own writes never reach it.
 */
@Injectable()
export class DealStageHandler {
  private readonly logger = new Logger(DealStageHandler.name);

  constructor(@InjectRepository(CrmDealStage) private readonly stages: Repository<CrmDealStage>) {}

  @HubspotWebhookHandler('deal.propertyChange')
  async onDealPropertyChange(event: HubspotWebhookEvent): Promise<void> {
    if (event.propertyName !== 'dealstage' || event.objectId === undefined) return;
    const dealId = String(event.objectId);
    const current = await this.stages.findOneBy({ dealId });
    // A replayed or late older change must not undo a newer one.
    if (current && Number(current.stageChangedAt) >= event.occurredAt) return;
    const stage = event.propertyValue ?? '';
    const wonAt = stage === WON_STAGE ? (current?.wonAt ?? new Date(event.occurredAt)) : null;
    await this.stages.save({
      dealId,
      portalId: String(event.portalId),
      stage,
      stageChangedAt: String(event.occurredAt),
      wonAt,
    });
    if (stage === WON_STAGE && !current?.wonAt) this.logger.log(`Deal ${dealId} won`);
  }

  @HubspotWebhookHandler('deal.deletion')
  async onDealDeleted(event: HubspotWebhookEvent): Promise<void> {
    if (event.objectId !== undefined) await this.stages.delete({ dealId: String(event.objectId) });
  }
}
