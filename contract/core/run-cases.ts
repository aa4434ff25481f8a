import { CaseRun } from './case-context';
import { AnswerSet, CaseRecord, ContractCase } from './contract.types';
import { Recorder } from './recorder';
import { Target } from './targets';

export interface RunOptions {
  runId: string;
  apiVersion: string;
  /** One line per case as it finishes. */
  log(line: string): void;
}

/** Cleanups of the case in flight, so that Ctrl-C still removes what it created. */
const inFlight = new Set<CaseRun>();

export async function cleanUpInFlight(): Promise<void> {
  for (const run of inFlight) await run.cleanUp();
}

/** Runs every case on each of its path families against one target; cleans up after each case. */
export async function runCases(
  target: Target,
  cases: ContractCase[],
  options: RunOptions,
): Promise<AnswerSet> {
  const recorder = new Recorder(target, options.runId);
  const startedAt = new Date().toISOString();
  const records: CaseRecord[] = [];
  for (const def of cases) {
    for (const style of def.styles) {
      const run = new CaseRun(target, recorder, def, style, options.runId, options.apiVersion);
      const skip = skipReason(def, target);
      if (skip) {
        Object.assign(run.record, { status: 'skipped', reason: skip });
      } else {
        inFlight.add(run);
        try {
          await def.run(run.context());
        } catch (err) {
          run.record.failures.push(`error: ${(err as Error).message}`);
        } finally {
          await run.cleanUp();
          inFlight.delete(run);
        }
        if (run.record.failures.length) run.record.status = 'failed';
      }
      records.push(run.record);
      options.log(describe(run.record));
    }
  }
  return {
    target: target.kind,
    runId: options.runId,
    apiVersion: options.apiVersion,
    startedAt,
    cases: records,
  };
}

function skipReason(def: ContractCase, target: Target): string | undefined {
  if (target.kind === 'hubspot' && def.emulatorOnly) return def.emulatorOnly;
  if (def.needs === 'limited-token' && !target.tokens.limited)
    return 'needs a second token without crm.objects.companies.write (HUBSPOT_CONTRACT_LIMITED_TOKEN)';
  if (def.needs === 'provoke-429' && !target.provoke429) return 'provokes a 429: run with --provoke-429';
  return undefined;
}

function describe(record: CaseRecord): string {
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[record.status];
  const detail = record.status === 'skipped' ? ` (${record.reason})` : '';
  const failures = record.failures.map((f) => `\n       - ${f}`).join('');
  return `${mark} ${record.id}${detail}${failures}`;
}
