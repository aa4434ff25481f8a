import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffCase } from './answer-diff';
import { AnswerSet, CaseRecord, Observation } from './contract.types';

export const ASSUMPTIONS_LINK = 'libs/hubspot-emulator/README.md#assumptions';

export type Verdict = 'held' | 'went the other way' | 'not observed';

export interface CaseReport {
  id: string;
  title: string;
  hubspot: CaseRecord['status'] | 'missing';
  emulator: CaseRecord['status'] | 'missing';
  /** Why the case did not run against HubSpot. */
  skipped?: string;
  failures: { hubspot: string[]; emulator: string[] };
  differences: string[];
  assumption?: {
    readme: string;
    observation: string;
    assumed: Observation | undefined;
    hubspot: Observation | undefined;
    verdict: Verdict;
  };
}

export interface ContractReport {
  runId: string;
  apiVersion: string;
  hubspotStartedAt: string;
  emulatorStartedAt: string;
  summary: {
    cases: number;
    identical: number;
    different: number;
    notRunAgainstHubspot: number;
    assumptions: Record<Verdict, number>;
  };
  cases: CaseReport[];
}

/** Case by case: HubSpot's answers against the emulator's, and which way each assumption went. */
export function diffAnswerSets(hubspot: AnswerSet, emulator: AnswerSet): ContractReport {
  const ours = new Map(emulator.cases.map((c) => [c.id, c]));
  const ids = [...new Set([...hubspot.cases.map((c) => c.id), ...emulator.cases.map((c) => c.id)])];
  const theirs = new Map(hubspot.cases.map((c) => [c.id, c]));
  const cases = ids.map((id) => caseReport(theirs.get(id), ours.get(id)));
  const ran = cases.filter((c) => c.hubspot !== 'skipped' && c.hubspot !== 'missing');
  const assumptions: Record<Verdict, number> = { held: 0, 'went the other way': 0, 'not observed': 0 };
  for (const c of cases) if (c.assumption) assumptions[c.assumption.verdict]++;
  return {
    runId: hubspot.runId,
    apiVersion: hubspot.apiVersion,
    hubspotStartedAt: hubspot.startedAt,
    emulatorStartedAt: emulator.startedAt,
    summary: {
      cases: cases.length,
      identical: ran.filter((c) => !c.differences.length).length,
      different: ran.filter((c) => c.differences.length).length,
      notRunAgainstHubspot: cases.length - ran.length,
      assumptions,
    },
    cases,
  };
}

function caseReport(hubspot: CaseRecord | undefined, emulator: CaseRecord | undefined): CaseReport {
  const any = (hubspot ?? emulator)!;
  const ranLive = hubspot && hubspot.status !== 'skipped';
  const report: CaseReport = {
    id: any.id,
    title: any.title,
    hubspot: hubspot?.status ?? 'missing',
    emulator: emulator?.status ?? 'missing',
    skipped: hubspot?.status === 'skipped' ? hubspot.reason : undefined,
    failures: { hubspot: hubspot?.failures ?? [], emulator: emulator?.failures ?? [] },
    differences: ranLive && emulator ? diffCase(hubspot, emulator) : [],
  };
  const assumption = emulator?.assumption ?? hubspot?.assumption;
  if (assumption) {
    const assumed = emulator?.observations[assumption.observation];
    const live = ranLive ? hubspot.observations[assumption.observation] : undefined;
    const verdict: Verdict =
      live === undefined
        ? 'not observed'
        : JSON.stringify(live) === JSON.stringify(assumed)
          ? 'held'
          : 'went the other way';
    report.assumption = { ...assumption, assumed, hubspot: live, verdict };
  }
  return report;
}

/** The report for people: assumptions first, then every difference, then what did not run live. */
export function renderMarkdown(report: ContractReport): string {
  const s = report.summary;
  const lines = [
    `# HubSpot contract report ${report.runId}`,
    '',
    `API version ${report.apiVersion}; HubSpot run started ${report.hubspotStartedAt}, emulator run ${report.emulatorStartedAt}.`,
    '',
    `${s.cases} cases: ${s.identical} answered alike, ${s.different} differ, ${s.notRunAgainstHubspot} not run against HubSpot. ` +
      `Assumptions: ${s.assumptions.held} held, ${s.assumptions['went the other way']} went the other way, ${s.assumptions['not observed']} not observed.`,
    '',
    `## Assumptions ([${ASSUMPTIONS_LINK}](${ASSUMPTIONS_LINK}))`,
    '',
    '| case | assumption | observation | emulator (assumed) | HubSpot | verdict |',
    '|---|---|---|---|---|---|',
  ];
  for (const c of report.cases.filter((x) => x.assumption)) {
    const a = c.assumption!;
    lines.push(
      `| ${c.id} | ${cell(a.readme)} | ${a.observation} | ${cell(show(a.assumed))} | ${cell(show(a.hubspot))} | **${a.verdict}** |`,
    );
  }
  lines.push('', '## Differences', '');
  const different = report.cases.filter((c) => c.differences.length || c.failures.hubspot.length);
  if (!different.length) lines.push('None: HubSpot and the emulator answered every case alike.');
  for (const c of different) {
    lines.push(`### ${c.id}: ${c.title}`, '', `HubSpot: ${c.hubspot}, emulator: ${c.emulator}`, '');
    for (const d of c.differences) lines.push(`- ${d}`);
    for (const f of c.failures.hubspot) lines.push(`- expectation not met by HubSpot: ${f}`);
    lines.push('');
  }
  const skipped = report.cases.filter((c) => c.skipped);
  if (skipped.length) {
    lines.push('## Not run against HubSpot', '');
    for (const c of skipped) lines.push(`- ${c.id}: ${c.skipped}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes the report (JSON and Markdown) and both answer sets into `dir`; returns the files. */
export async function writeReport(dir: string, hubspot: AnswerSet, emulator: AnswerSet): Promise<string[]> {
  const report = diffAnswerSets(hubspot, emulator);
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['contract-report.json', JSON.stringify(report, null, 2)],
    ['contract-report.md', renderMarkdown(report)],
    ['hubspot-answers.json', JSON.stringify(hubspot, null, 2)],
    ['emulator-answers.json', JSON.stringify(emulator, null, 2)],
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), `${text}\n`);
  return files.map(([name]) => join(dir, name));
}

function show(value: unknown): string {
  return value === undefined ? '-' : JSON.stringify(value);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
