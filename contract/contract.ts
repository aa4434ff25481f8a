import { Command, InvalidArgumentError } from 'commander';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CONTRACT_CASES } from './cases';
import { AnswerSet, ContractCase } from './core/contract.types';
import { writeReport } from './core/report-writer';
import { cleanUpInFlight, runCases } from './core/run-cases';
import { emulatorTarget, hubspotTarget, Target } from './core/targets';

/**
 * `npm run contract`: the HubSpot API cases this module relies on, against the in-process emulator (CI).
 * `npm run contract -- --live`: the same cases against a HubSpot test account, then against the emulator,
 * and a report that diffs the two. The last line is always `{cases, passed, failed, assumptions}`.
 */
const program = new Command('contract')
  .option('--live', 'run against HubSpot (HUBSPOT_CONTRACT_TOKEN) and diff with the emulator')
  .option('--api-version <version>', 'dated API version of the dated paths', '2026-03')
  .option('--only <text>', 'only cases whose id contains this text')
  .option('--out <dir>', 'where a live run writes its report (default contract/reports/<run id>)')
  .option('--provoke-429', 'live: let the search case meet the per-second search limit once', false)
  .option('--per-10s <n>', 'live: requests per rolling 10 s (HubSpot Free allows 100)', positiveInt, 80)
  .parse();

interface Options {
  live?: boolean;
  apiVersion: string;
  only?: string;
  out?: string;
  provoke429: boolean;
  per10s: number;
}

async function main(): Promise<number> {
  const options = program.opts<Options>();
  const runId = `hsc${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const cases = CONTRACT_CASES.filter((c) => !options.only || c.id.includes(options.only));
  process.once('SIGINT', () => void cleanUpInFlight().finally(() => process.exit(130)));

  let live: AnswerSet | undefined;
  if (options.live) {
    const token = process.env.HUBSPOT_CONTRACT_TOKEN;
    if (!token)
      throw new Error('--live needs HUBSPOT_CONTRACT_TOKEN: a private app token of a HubSpot test account');
    const target = hubspotTarget({
      baseUrl: process.env.HUBSPOT_CONTRACT_BASE_URL ?? 'https://api.hubapi.com',
      token,
      limitedToken: process.env.HUBSPOT_CONTRACT_LIMITED_TOKEN,
      perTenSeconds: options.per10s,
      provoke429: options.provoke429,
    });
    console.log(`contract run ${runId} against HubSpot (records are tagged ${runId})`);
    live = await run(target, cases, runId, options.apiVersion);
  }
  const emulator = await emulatorTarget();
  console.log(`contract run ${runId} against the emulator`);
  const local = await run(emulator, cases, runId, options.apiVersion);
  if (live) {
    const dir = options.out ?? join(__dirname, 'reports', runId);
    for (const file of await writeReport(dir, live, local)) console.log(`report: ${file}`);
  }
  const shown = live ?? local;
  const ran = shown.cases.filter((c) => c.status !== 'skipped');
  const summary = {
    cases: ran.length,
    passed: ran.filter((c) => c.status === 'passed').length,
    failed: ran.filter((c) => c.status === 'failed').length,
    assumptions: shown.cases.filter((c) => c.assumption).map((c) => c.id),
  };
  console.log(JSON.stringify(summary));
  return summary.failed ? 1 : 0;
}

async function run(target: Target, cases: ContractCase[], runId: string, apiVersion: string) {
  try {
    return await runCases(target, cases, { runId, apiVersion, log: (line) => console.log(line) });
  } finally {
    await target.stop();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number above 0');
  return n;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`contract: ${err.message}`);
    process.exit(2);
  },
);
