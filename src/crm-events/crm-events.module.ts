import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrmDealStage } from './crm-deal-stage.entity';
import { DealStageHandler } from './deal-stage.handler';

/** Entities of the example webhook handler; add them to the app's DataSource. */
export const CRM_EVENTS_ENTITIES = [CrmDealStage];
export { CRM_EVENTS_MIGRATIONS } from './migrations';

/** The host's HubSpot webhook handlers (found by HubspotModule through discovery; nothing to register). */
@Module({
  imports: [TypeOrmModule.forFeature(CRM_EVENTS_ENTITIES)],
  providers: [DealStageHandler],
})
export class CrmEventsModule {}
