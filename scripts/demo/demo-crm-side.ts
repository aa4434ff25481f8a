import { WebhookEventsService } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a sales rep does in HubSpot's UI: wins deals. Returns the ids of the deals won. */
export function winDeals(emulator: EmulatorHandle, portalId: number, count: number): string[] {
  const deals = emulator.control.objects(portalId, 'deals').filter((d) => !d.archived);
  return deals.slice(0, count).map((deal) => {
    emulator.control.patchObject(portalId, 'deals', deal.id, { dealstage: 'closedwon' });
    return deal.id;
  });
}

/** Deals the app's webhook handler (src/crm-events) has recorded as won. */
export async function dealsWonLocally(app: INestApplication, dealIds: string[]): Promise<number> {
  if (!dealIds.length) return 0;
  const rows: Array<{ n: string }> = await app
    .get(DataSource)
    .query(`SELECT COUNT(*) AS n FROM crm_deal_stages WHERE stage = 'closedwon' AND deal_id IN (?)`, [
      dealIds,
    ]);
  return Number(rows[0].n);
}

/** Someone "fixes" plans by hand and deletes a few contacts: drift that only reconciliation can see. */
export function driftBehindOurBack(
  emulator: EmulatorHandle,
  portalId: number,
  changed: number,
  deleted: number,
): { changed: number; deleted: number } {
  const contacts = emulator.control.objects(portalId, 'contacts').filter((c) => !c.archived);
  const victims = contacts.slice(-(changed + deleted));
  for (const contact of victims.slice(0, changed)) {
    const plan = contact.properties.plan === 'enterprise' ? 'free' : 'enterprise';
    emulator.control.patchObject(portalId, 'contacts', contact.id, { plan });
  }
  for (const contact of victims.slice(changed))
    emulator.control.deleteObject(portalId, 'contacts', contact.id);
  return { changed: Math.min(changed, victims.length), deleted: Math.max(0, victims.length - changed) };
}

export function webhookCounts(app: INestApplication) {
  return app.get(WebhookEventsService).counts();
}
