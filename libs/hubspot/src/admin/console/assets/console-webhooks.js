// The webhook events page: counts by status, failed events and their errors, replay.
import { $, h, api, showError, act, num, when, status, filterQuery, facts } from './console-common.js';

export async function loadWebhooks() {
  let counts;
  try {
    counts = await api('GET', '/webhook-events/counts');
  } catch (err) {
    const off = err.status === 404;
    $('#wh-disabled').hidden = !off;
    $('#wh-body').hidden = off;
    if (!off) showError(err);
    return;
  }
  $('#wh-counts').replaceChildren(
    ...Object.entries(counts).map(([s, n]) => h('li', {}, h('strong', {}, num(n)), status(s))),
  );
  const page = await act(() => api('GET', `/webhook-events?limit=50&${filterQuery($('#wh-filter'))}`));
  if (!page) return;
  $('#wh-caption').textContent = `Received events, newest first (${page.items.length} shown)`;
  const rows = page.items.map((e) =>
    h(
      'tr',
      { 'data-event': e.id },
      h('td', {}, `#${e.id}`),
      h('td', {}, when(e.receivedAt)),
      h('td', {}, e.subscriptionType + (e.propertyName ? ` (${e.propertyName})` : '')),
      h('td', {}, `${e.objectType} ${e.objectId} in portal ${e.portalId}`),
      h('td', {}, status(e.status)),
      h('td', { class: 'num' }, num(e.attempts)),
      h('td', {}, e.lastError || '–'),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            'aria-label': `Inspect webhook event ${e.id}`,
            onclick: () => inspectWebhook(e.id),
          },
          'Inspect',
        ),
        e.status === 'pending'
          ? null
          : h(
              'button',
              {
                type: 'button',
                'aria-label': `Replay webhook event ${e.id}`,
                onclick: () => replayWebhook(e.id),
              },
              'Replay',
            ),
      ),
    ),
  );
  $('#wh-table tbody').replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 8 }, 'No events in this status.'))]),
  );
}

async function replayWebhook(id) {
  const r = await act(
    () => api('POST', `/webhook-events/${id}/replay`),
    () => `Webhook event ${id} queued again`,
  );
  if (r) loadWebhooks();
}

async function inspectWebhook(id) {
  const e = await act(() => api('GET', `/webhook-events/${id}`));
  if (!e) return;
  const box = $('#wh-detail');
  $('#wh-detail-title').textContent = `Webhook event #${e.id}: ${e.subscriptionType}`;
  facts($('.facts', box), [
    ['Status', e.status],
    ['Last error', e.lastError],
    ['Attempts', e.attempts],
    ['Next attempt', when(e.nextAttemptAt)],
    ['Handlers done', (e.completedHandlers || []).join(', ')],
    ['Portal', e.portalId],
    ['Object', `${e.objectType} ${e.objectId}`],
    ['Occurred', when(Number(e.occurredAt))],
    ['Received', when(e.receivedAt)],
    ['Processed', when(e.processedAt)],
  ]);
  $('.payload', box).textContent = JSON.stringify(e.payload, null, 2);
  $('[data-action="replay"]', box).hidden = e.status === 'pending';
  $('[data-action="replay"]', box).onclick = () => replayWebhook(e.id).then(() => inspectWebhook(e.id));
  $('[data-action="close"]', box).onclick = () => {
    box.hidden = true;
  };
  box.hidden = false;
  $('#wh-detail-title').focus();
}

$('#wh-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  loadWebhooks();
});
$('#wh-replay-failed').addEventListener('click', async () => {
  if (!confirm('Handle every failed webhook event again?')) return;
  const r = await act(
    () => api('POST', '/webhook-events/replay-failed', {}),
    (x) => `${x.replayed} failed event(s) queued again`,
  );
  if (r) loadWebhooks();
});
