import { WebhookEventsService } from '@app/hubspot';
import type { EmulatorHandle } from '@app/hubspot-emulator';
import { INestApplication } from '@nestjs/common';

/** What sales reps do in HubSpot's UI: win deals and edit contacts. Returns the number of changes made. */
export async function salesRepEdits(
  emulator: EmulatorHandle,
  portalId: number,
  count: number,
): Promise<number> {
  let edits = 0;
  const deals = emulator.control.objects(portalId, 'deals').filter((d) => !d.archived);
  for (const deal of deals.slice(0, count)) {
    emulator.control.patchObject(portalId, 'deals', deal.id, { dealstage: 'closedwon' });
    edits++;
  }
  const contacts = emulator.control.objects(portalId, 'contacts').filter((c) => !c.archived);
  for (const [i, contact] of contacts.slice(0, count).entries()) {
    emulator.control.patchObject(portalId, 'contacts', contact.id, {
      phone: `+1 555 01${String(i).padStart(2, '0')}`,
    });
    edits++;
  }
  return edits;
}

/** Someone "fixes" plans by hand and deletes a few contacts: drift that only reconciliation can see. */
export async function driftBehindOurBack(
  emulator: EmulatorHandle,
  portalId: number,
  changed: number,
  deleted: number,
): Promise<{ changed: number; deleted: number }> {
  const contacts = emulator.control.objects(portalId, 'contacts').filter((c) => !c.archived);
  const victims = contacts.slice(-(changed + deleted));
  for (const contact of victims.slice(0, changed)) {
    emulator.control.patchObject(portalId, 'contacts', contact.id, {
      plan: 'enterprise' === contact.properties.plan ? 'free' : 'enterprise',
    });
  }
  for (const contact of victims.slice(changed))
    emulator.control.deleteObject(portalId, 'contacts', contact.id);
  return { changed: Math.min(changed, victims.length), deleted: Math.max(0, victims.length - changed) };
}

export async function webhookCounts(app: INestApplication) {
  const counts = await app.get(WebhookEventsService).counts();
  return { ...counts, handled: counts.done + counts.skipped + counts.failed, dropped: counts.echo };
}
