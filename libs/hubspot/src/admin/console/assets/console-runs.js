// The runs page: progress of the latest runs, start a backfill or reconciliation, pause/resume/cancel.
import { $, h, api, act, num, when, duration, status } from './console-common.js';

function runResult(run) {
  if (run.error) return run.error;
  const r = run.report || {};
  if (r.dryRun) {
    const d = r.dryRun;
    const share =
      d.shareOfDailyBudget === null || d.shareOfDailyBudget === undefined
        ? ''
        : `, ${(d.shareOfDailyBudget * 100).toFixed(1)}% of the daily budget`;
    return `Would create ${num(d.wouldCreate)}, update ${num(d.wouldUpdate)}, leave ${num(d.unchanged)}; about ${num(d.estimatedCalls)} calls${share}`;
  }
  if (r.reconcile) {
    const c = r.reconcile;
    return `Checked ${num(c.checked)}: ${num(c.missing)} missing, ${num(c.drifted)} drifted, ${num(c.fixed)} fixed, ${num(c.failed)} failed`;
  }
  if (r.phases) {
    return Object.entries(r.phases)
      .map(
        ([phase, c]) =>
          `${phase}: ${num(c.created)} created, ${num(c.updated)} updated, ${num(c.unchanged)} unchanged${c.failed ? `, ${num(c.failed)} failed` : ''}`,
      )
      .join('; ');
  }
  return '';
}

function runActions(run) {
  const button = (label, action) =>
    h(
      'button',
      {
        type: 'button',
        'aria-label': `${label} run ${run.id}`,
        onclick: () =>
          act(() => api('POST', `/runs/${run.id}/${action}`), `Run ${run.id}: ${action} requested`).then(
            loadRuns,
          ),
      },
      label,
    );
  const out = [];
  if (['queued', 'running', 'parked'].includes(run.status)) out.push(button('Pause', 'pause'));
  if (run.status === 'paused') out.push(button('Resume', 'resume'));
  if (!['completed', 'failed', 'cancelled'].includes(run.status)) out.push(button('Cancel', 'cancel'));
  return out;
}

export async function loadRuns() {
  const runs = await act(() => api('GET', '/runs?limit=20'));
  if (!runs) return;
  const rows = runs.map((run) =>
    h(
      'tr',
      { 'data-run': run.id },
      h('td', {}, `#${run.id}`),
      h(
        'td',
        {},
        `${run.kind}${run.dryRun ? ' (dry run)' : ''}${run.incremental ? ' (incremental)' : ''}, ${run.scope}`,
      ),
      h(
        'td',
        {},
        status(
          run.status,
          run.status === 'parked' && run.parkedUntil ? `until ${when(run.parkedUntil)}` : '',
        ),
      ),
      h('td', {}, run.phase || '–'),
      h(
        'td',
        {},
        run.percent === null
          ? `${num(run.processed)} so far`
          : [
              h('progress', { max: 100, value: run.percent, 'aria-label': `Run ${run.id} progress` }),
              ` ${run.percent}% (${num(run.processed)} of ${num(run.total)})`,
            ],
      ),
      h('td', { class: 'num' }, run.ratePerSecond === null ? '–' : `${num(run.ratePerSecond)}/s`),
      h('td', { class: 'num' }, duration(run.etaSeconds)),
      h('td', { class: 'num' }, num(run.callsUsed)),
      h('td', { class: 'num' }, num(run.resumedCount)),
      h('td', {}, runResult(run)),
      h('td', {}, runActions(run)),
    ),
  );
  $('#runs-table tbody').replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 11 }, 'No runs yet.'))]),
  );
}

$('#start-run').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  const kind = f.kind.value;
  const body =
    kind === 'backfill'
      ? { kind: f.scope.value, dryRun: f.dryRun.checked }
      : { kind: f.scope.value, incremental: f.incremental.checked };
  const run = await act(
    () => api('POST', kind === 'backfill' ? '/backfills' : '/reconciliations', body),
    (r) => `Run ${r.id} started: ${r.kind}${r.dryRun ? ' (dry run)' : ''}`,
  );
  if (run) loadRuns();
});
const syncRunForm = () => {
  const f = $('#start-run');
  const backfill = f.kind.value === 'backfill';
  f.dryRun.disabled = !backfill;
  f.incremental.disabled = backfill;
};
$('#start-run').kind.addEventListener('change', syncRunForm);
syncRunForm();
