// The dead letters page: filter, inspect HubSpot's reason and the redacted payload, replay.
import { $, h, api, act, num, when, status, form, filterQuery, facts } from './console-common.js';

export async function loadDeadLetters() {
  const page = await act(() => api('GET', `/dead-letters?${filterQuery($('#dl-filter'))}`));
  if (!page) return;
  $('#dl-caption').textContent = `${num(page.total)} dead letter(s) match; showing ${page.items.length}`;
  const rows = page.items.map((d) =>
    h(
      'tr',
      { 'data-dead-letter': d.id },
      h('td', {}, `#${d.id}`),
      h('td', {}, String(d.portalId)),
      h('td', {}, `${d.objectType} (${d.operation})`),
      h('td', {}, d.localKey || '–'),
      h('td', {}, h('strong', {}, d.category || 'error'), ` ${d.message}`),
      h('td', {}, status(d.status)),
      h('td', { class: 'num' }, num(d.attempts)),
      h('td', {}, when(d.createdAt)),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            'aria-label': `Inspect dead letter ${d.id}`,
            onclick: () => inspectDeadLetter(d.id),
          },
          'Inspect',
        ),
        d.status === 'resolved'
          ? null
          : h(
              'button',
              {
                type: 'button',
                'aria-label': `Replay dead letter ${d.id}`,
                onclick: () => replayDeadLetter(d.id),
              },
              'Replay',
            ),
      ),
    ),
  );
  $('#dl-table tbody').replaceChildren(
    ...(rows.length
      ? rows
      : [h('tr', {}, h('td', { colspan: 9 }, 'Nothing here: HubSpot accepted everything that matches.'))]),
  );
}

async function replayDeadLetter(id) {
  const r = await act(
    () => api('POST', `/dead-letters/${id}/replay`),
    () => `Dead letter ${id} sent again`,
  );
  if (r) loadDeadLetters();
}

async function inspectDeadLetter(id) {
  const d = await act(() => api('GET', `/dead-letters/${id}`));
  if (!d) return;
  const box = $('#dl-detail');
  $('#dl-detail-title').textContent = `Dead letter #${d.id}: ${d.objectType} ${d.localKey || ''}`;
  facts($('.facts', box), [
    ['Status', d.status],
    ['HubSpot category', d.category],
    ['HubSpot message', d.message],
    ['HTTP status', d.statusCode],
    ['Correlation id', d.correlationId],
    ['Operation', d.operation],
    ['Lane', d.lane],
    ['Attempts', d.attempts],
    ['Replays', d.replayCount],
    ['Created', when(d.createdAt)],
    ['Resolved', when(d.resolvedAt)],
    ['Details', d.details ? JSON.stringify(d.details) : null],
  ]);
  $('.payload', box).textContent = JSON.stringify(d.payload, null, 2);
  $('[data-action="replay"]', box).hidden = d.status === 'resolved';
  $('[data-action="replay"]', box).onclick = () => replayDeadLetter(d.id).then(() => inspectDeadLetter(d.id));
  $('[data-action="close"]', box).onclick = () => {
    box.hidden = true;
  };
  box.hidden = false;
  $('#dl-detail-title').focus();
}

$('#dl-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  loadDeadLetters();
});
$('#dl-replay-all').addEventListener('click', async () => {
  const f = form($('#dl-filter'));
  if (!confirm('Send every open dead letter that matches the filter to HubSpot again?')) return;
  const body = Object.fromEntries(
    Object.entries({
      portalId: f.portalId ? Number(f.portalId) : undefined,
      objectType: f.objectType || undefined,
    }).filter(([, v]) => v !== undefined),
  );
  const r = await act(
    () => api('POST', '/dead-letters/replay', body),
    (x) => `${x.replayed} dead letter(s) sent again`,
  );
  if (r) loadDeadLetters();
});
