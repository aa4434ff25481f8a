import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shapeOf } from './body-shape';
import { AnswerSet, CaseRecord, RecordedExchange } from './contract.types';
import { diffAnswerSets, renderMarkdown, writeReport } from './report-writer';

const HEADERS = {
  'x-hubspot-ratelimit-max': 'number',
  'x-hubspot-ratelimit-remaining': 'number',
  'x-hubspot-ratelimit-daily': 'number',
  'x-hubspot-correlation-id': 'uuid',
  'content-type': 'media:application/json',
} as const;

const exchange = (over: Partial<RecordedExchange> = {}): RecordedExchange => ({
  label: 'create',
  method: 'POST',
  route: '/crm/v3/objects/contacts/batch/upsert',
  status: 200,
  headers: { ...HEADERS },
  shape: shapeOf({ status: 'COMPLETE', results: [{ id: '1', new: true, properties: { email: 'a@b.c' } }] }),
  ...over,
});

const record = (id: string, over: Partial<CaseRecord> = {}): CaseRecord => ({
  id,
  title: `case ${id}`,
  family: id.split('.')[0],
  style: 'legacy',
  status: 'passed',
  failures: [],
  exchanges: [exchange()],
  observations: {},
  ...over,
});

const answers = (target: AnswerSet['target'], cases: CaseRecord[]): AnswerSet => ({
  target,
  runId: 'hsctest',
  apiVersion: '2026-03',
  startedAt: '2026-01-01T00:00:00.000Z',
  cases,
});

/** What HubSpot answered: differs from the emulator in status, a header, a key's type and a missing key. */
const hubspot = answers('hubspot', [
  record('batch.upsert@legacy', {
    exchanges: [
      exchange({
        status: 207,
        headers: { ...HEADERS, 'x-hubspot-ratelimit-daily': 'absent' },
        shape: shapeOf({
          status: 'COMPLETE',
          results: [{ id: 1, properties: { email: 'a@b.c' } }],
          numErrors: 1,
        }),
      }),
    ],
  }),
  record('associations.general-limit@legacy', {
    assumption: { readme: 'association calls take a slot', observation: 'countsAgainstGeneral' },
    observations: { countsAgainstGeneral: false },
  }),
  record('objects.crud@legacy'),
  record('webhooks.retry', { status: 'skipped', reason: 'no public URL', exchanges: [] }),
]);

const emulator = answers('emulator', [
  record('batch.upsert@legacy'),
  record('associations.general-limit@legacy', {
    assumption: { readme: 'association calls take a slot', observation: 'countsAgainstGeneral' },
    observations: { countsAgainstGeneral: true },
  }),
  record('objects.crud@legacy'),
  record('webhooks.retry', {
    assumption: { readme: 'a failed webhook delivery is retried', observation: 'attemptNumbers' },
    observations: { attemptNumbers: '0,1' },
  }),
]);

describe('contract report writer', () => {
  const report = diffAnswerSets(hubspot, emulator);
  const byId = (id: string) => report.cases.find((c) => c.id === id)!;

  it('names every difference of one exchange: status, header, a key of another type, a missing key', () => {
    expect(byId('batch.upsert@legacy').differences).toEqual([
      'create: status: HubSpot 207, emulator 200',
      'create: header x-hubspot-ratelimit-daily: HubSpot "absent", emulator "number"',
      'create: body numErrors: HubSpot number, emulator missing',
      'create: body results[].id: HubSpot number, emulator string',
      'create: body results[].new: HubSpot missing, emulator boolean',
    ]);
  });

  it('says which way each assumption went, and which it could not observe', () => {
    expect(byId('associations.general-limit@legacy').assumption).toEqual({
      readme: 'association calls take a slot',
      observation: 'countsAgainstGeneral',
      assumed: true,
      hubspot: false,
      verdict: 'went the other way',
    });
    expect(byId('webhooks.retry').assumption?.verdict).toBe('not observed');
    expect(byId('webhooks.retry').skipped).toBe('no public URL');
  });

  it('counts alike, different and not run', () => {
    expect(report.summary).toEqual({
      cases: 4,
      identical: 1,
      different: 2,
      notRunAgainstHubspot: 1,
      assumptions: { held: 0, 'went the other way': 1, 'not observed': 1 },
    });
    expect(byId('objects.crud@legacy').differences).toEqual([]);
  });

  it('writes the JSON, a readable Markdown and both answer sets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'contract-report-'));
    try {
      const files = await writeReport(dir, hubspot, emulator);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
        'contract-report.json',
        'contract-report.md',
        'hubspot-answers.json',
        'emulator-answers.json',
      ]);
      expect(JSON.parse(await readFile(files[0], 'utf8'))).toEqual(report);
      const markdown = await readFile(files[1], 'utf8');
      expect(markdown).toBe(`${renderMarkdown(report)}\n`);
      expect(markdown).toContain(
        '| associations.general-limit@legacy | association calls take a slot | countsAgainstGeneral | true | false | **went the other way** |',
      );
      expect(markdown).toContain('### batch.upsert@legacy: case batch.upsert@legacy');
      expect(markdown).toContain('- create: body results[].id: HubSpot number, emulator string');
      expect(markdown).toContain('- webhooks.retry: no public URL');
      expect(markdown).not.toContain('### objects.crud@legacy');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
