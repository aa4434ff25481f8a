import type { EmulatorStats } from '@app/hubspot-emulator';
import { RunView } from './demo-progress';
import { Verification } from './demo-verify';

export interface DemoReport {
  seconds: number;
  timings: Record<string, number>;
  seeded: number;
  backfill: RunView;
  live: { signups: number; upgrades: number; cancels: number };
  webhooks: {
    won: number;
    recorded: number;
    counts: Record<'pending' | 'done' | 'skipped' | 'echo' | 'failed', number>;
    stats: EmulatorStats['webhooks'];
  };
  drift: { changed: number; deleted: number };
  reconciliation: RunView;
  final: Verification;
  stats: EmulatorStats;
}

const n = (value: number) => value.toLocaleString('en-US');
const s = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

export function printReport(r: DemoReport): void {
  const rateLimited = Object.values(r.stats.rateLimited).reduce((a, b) => a + b, 0);
  const byRoute = Object.entries(r.stats.requests)
    .map(([route, statuses]) => [route, Object.values(statuses).reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([route, count]) => `${route} ${n(count)}`);
  const lines = [
    '',
    '================================ demo report ================================',
    `records      ${n(r.final.users)} users in MySQL (${n(r.seeded)} seeded, ${r.live.signups} signed up live)`,
    `backfill     ${phases(r.backfill)}; ${n(r.backfill.callsUsed)} API calls, ${s(r.timings.backfill)}`,
    `live         ${r.live.signups} signups, ${r.live.upgrades} upgrades, ${r.live.cancels} cancellations -> in HubSpot after ${s(r.timings.live)}`,
    `webhooks     ${r.webhooks.won} deals won in HubSpot -> ${r.webhooks.recorded} recorded by the app's handler; events: ${JSON.stringify(r.webhooks.counts)}`,
    `             emulator deliveries: ${JSON.stringify(r.webhooks.stats)}`,
    `reconcile    ${r.drift.changed} changed + ${r.drift.deleted} deleted behind our back; run ${r.reconciliation.status}: ${reconciled(r.reconciliation)}, ${s(r.timings.reconciliation)}`,
    `API calls    ${n(r.stats.total)} in total; 429s ${rateLimited} (${JSON.stringify(r.stats.rateLimited)})`,
    `             ${byRoute.join(', ')}`,
    `emulator     ${n(r.final.contacts)} contacts, ${n(r.final.companies)} companies, ${n(r.final.archived)} archived contacts`,
    `result       ${r.final.ok ? 'HubSpot matches the database' : `MISMATCH: ${r.final.problems.slice(0, 5).join('; ')}`}`,
    `time         ${r.seconds.toFixed(1)} s`,
    '=============================================================================',
  ];
  console.log(lines.join('\n'));
}

function phases(run: RunView): string {
  const counts = run.report?.phases ?? {};
  return Object.entries(counts)
    .map(([phase, c]) => `${phase} ${n(c?.created ?? 0)} created/${n(c?.updated ?? 0)} updated`)
    .join(', ');
}

function reconciled(run: RunView): string {
  const rep = run.report?.reconcile;
  if (!rep) return `${n(run.processed)} checked`;
  return `${n(rep.checked)} checked, ${rep.missing} missing + ${rep.drifted} drifted found, ${rep.fixed} fixed`;
}
