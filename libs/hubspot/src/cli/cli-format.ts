import { HubspotDeadLetter } from '../engine/dead-letters/hubspot-dead-letter.entity';
import { SyncRunView } from '../runs/sync-run.view';

/** Seconds as "1h02m", "3m05s" or "42s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A plain, aligned text table (no colours: output is often piped or logged). */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function runsTable(runs: SyncRunView[]): string {
  if (!runs.length) return 'No runs.';
  return table(
    [
      'ID',
      'KIND',
      'SCOPE',
      'PORTAL',
      'STATUS',
      'PHASE',
      'PROGRESS',
      '%',
      'RATE/S',
      'ETA',
      'CALLS',
      'RESUMED',
      'CREATED',
    ],
    runs.map((r) => [
      r.id,
      r.kind + (r.dryRun ? ' (dry)' : r.incremental ? ' (incr)' : ''),
      r.scope,
      r.portalId,
      r.status,
      r.phase,
      `${r.processed}/${r.total || '?'}`,
      r.percent,
      r.ratePerSecond,
      formatDuration(r.etaSeconds),
      r.callsUsed,
      r.resumedCount,
      r.createdAt.toISOString(),
    ]),
  );
}

export function deadLettersTable(rows: HubspotDeadLetter[], total: number): string {
  if (!rows.length) return 'No dead letters.';
  return [
    table(
      ['ID', 'PORTAL', 'TYPE', 'OPERATION', 'KEY', 'STATUS', 'CATEGORY', 'ATTEMPTS', 'MESSAGE'],
      rows.map((d) => [
        d.id,
        d.portalId,
        d.objectType,
        d.operation,
        d.localKey,
        d.status,
        d.category,
        d.attempts,
        d.message.length > 80 ? `${d.message.slice(0, 77)}...` : d.message,
      ]),
    ),
    `${rows.length} of ${total}`,
  ].join('\n');
}

/** What a finished run found or would do, as lines for the terminal. */
export function runSummary(run: SyncRunView): string[] {
  const lines = [
    `Run ${run.id} (${run.kind}${run.dryRun ? ', dry run' : ''}) ${run.status}: ${run.processed}/${run.total} ` +
      `processed, ${run.failed} failed, ${run.callsUsed} calls, resumed ${run.resumedCount}x`,
  ];
  const report = run.report ?? {};
  for (const [phase, c] of Object.entries(report.phases ?? {})) {
    lines.push(
      `  ${phase}: ${c.processed}/${c.total} (created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed})`,
    );
  }
  if (report.dryRun) {
    const d = report.dryRun;
    const share = d.shareOfDailyBudget === null ? 'n/a' : `${(d.shareOfDailyBudget * 100).toFixed(2)}%`;
    lines.push(
      `  would create ${d.wouldCreate}, update ${d.wouldUpdate}, leave ${d.unchanged} unchanged`,
      `  would spend ~${d.estimatedCalls} calls (${share} of the daily budget${d.dailyLimit ? ` of ${d.dailyLimit}` : ''}); the dry run read with ${d.readCalls}`,
    );
  }
  if (report.reconcile) {
    const r = report.reconcile;
    lines.push(
      `  checked ${r.checked}, missing ${r.missing}, drifted ${r.drifted}, fixed ${r.fixed}, failed ${r.failed}; ` +
        `dead letters retried ${r.deadLettersRetried}`,
    );
  }
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines;
}
