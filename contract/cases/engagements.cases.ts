import { ContractCase } from '../core/contract.types';
import { archiveCreated, tempContact } from './fixtures';

/** HubSpot's note -> contact association type. */
const NOTE_TO_CONTACT = 202;

export const ENGAGEMENT_CASES: ContractCase[] = [
  {
    id: 'engagements.note',
    title: 'a note on a contact; a note and a task without hs_timestamp are refused alike',
    styles: ['dated', 'legacy'],
    assumption: {
      readme: 'the engagement required-property error (observed for notes) has the same shape',
      observation: 'taskErrorLikeNote',
    },
    async run(ctx) {
      const contact = await tempContact(ctx, 'note');
      const note = await ctx.call('create note', {
        method: 'POST',
        path: ctx.p.objects('notes'),
        body: {
          properties: { hs_timestamp: new Date().toISOString(), hs_note_body: `contract ${ctx.runId}` },
          associations: [
            {
              to: { id: contact.id },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }],
            },
          ],
        },
      });
      archiveCreated(ctx, 'notes', note.json);
      ctx.expect(note.status === 201, `create note: status ${note.status}, expected 201`);
      const bare = await ctx.call('note without hs_timestamp', {
        method: 'POST',
        path: ctx.p.objects('notes'),
        body: { properties: { hs_note_body: `contract ${ctx.runId}` } },
      });
      archiveCreated(ctx, 'notes', bare.status === 201 ? bare.json : undefined);
      ctx.expect(bare.status === 400, `note without hs_timestamp: status ${bare.status}, expected 400`);
      const task = await ctx.call('task without hs_timestamp', {
        method: 'POST',
        path: ctx.p.objects('tasks'),
        body: { properties: { hs_task_subject: `contract ${ctx.runId}` } },
      });
      archiveCreated(ctx, 'tasks', task.status === 201 ? task.json : undefined);
      const keys = (json: unknown) =>
        Object.keys((json as object) ?? {})
          .sort()
          .join(',');
      ctx.observe('taskErrorLikeNote', task.status === bare.status && keys(task.json) === keys(bare.json));
      ctx.observe('missingPropertiesContext', JSON.stringify(bare.json?.context?.properties ?? null));
    },
  },
];
