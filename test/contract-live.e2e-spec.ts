import { EmulatorHandle, startEmulator } from '@app/hubspot-emulator';
import { CONTRACT_CASES } from '../contract/cases';
import { diffAnswerSets } from '../contract/core/report-writer';
import { runCases } from '../contract/core/run-cases';
import { emulatorTarget, hubspotTarget } from '../contract/core/targets';

const TOKEN = 'pat-na1-contract-live-e2e';
const PICKED = ['objects.crud', 'batch.upsert-207', 'associations.general-limit', 'webhooks.retry'];

/**
 * The --live machinery against a stand-in "HubSpot" (a second emulator whose associations do not count
 * against the general window, as HubSpot's spec reads): paced, tagged, cleaned up, and the report shows
 * that assumption going the other way.
 */
describe('contract suite, live mode (against a stand-in HubSpot)', () => {
  let hubspot: EmulatorHandle;

  beforeAll(async () => {
    hubspot = await startEmulator({
      portals: [
        {
          portalId: 9090,
          tokens: [TOKEN],
          limits: { maxPerWindow: 100, windowMs: 10_000, associationsCountAgainstGeneral: false },
        },
      ],
    });
  });
  afterAll(() => hubspot?.stop());

  it('runs the cases live, cleans up after itself, and reports which way the assumption went', async () => {
    const cases = CONTRACT_CASES.filter((c) => PICKED.includes(c.id));
    const log: string[] = [];
    const options = { runId: 'hsce2e', apiVersion: '2026-03', log: (line: string) => log.push(line) };
    const live = await runCases(
      hubspotTarget({ baseUrl: hubspot.url, token: TOKEN, perTenSeconds: 80, provoke429: false }),
      cases,
      options,
    );
    const local = await emulatorTarget();
    const emulator = await runCases(local, cases, options).finally(() => local.stop());

    expect(live.cases.filter((c) => c.status === 'failed')).toEqual([]);
    expect(live.cases.find((c) => c.id === 'webhooks.retry')?.status).toBe('skipped');
    // Everything it created is archived again; every contact was tagged with the run id.
    const contacts = hubspot.control.objects(9090, 'contacts');
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.filter((c) => !c.archived)).toEqual([]);
    expect(contacts.every((c) => String(c.properties.email).includes('hsce2e'))).toBe(true);
    expect(hubspot.control.objects(9090, 'companies').filter((c) => !c.archived)).toEqual([]);
    // Paced inside the stand-in's window, and never refused.
    expect(hubspot.control.stats().rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    expect(log.join('\n')).not.toContain(TOKEN);

    const report = diffAnswerSets(live, emulator);
    const verdicts = Object.fromEntries(
      report.cases.filter((c) => c.assumption).map((c) => [c.id, c.assumption!.verdict]),
    );
    expect(verdicts).toEqual({
      'associations.general-limit@dated': 'went the other way',
      'associations.general-limit@legacy': 'went the other way',
      'webhooks.retry': 'not observed',
    });
    expect(report.cases.find((c) => c.id === 'objects.crud@legacy')?.differences).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });
});
