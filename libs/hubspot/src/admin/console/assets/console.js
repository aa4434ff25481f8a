// The HubSpot sync console: plain DOM, no build step. Everything is rendered with textContent (never
// innerHTML), so nothing a record or HubSpot says can run as markup. The CSRF token comes from the page.
(() => {
  'use strict';
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const BASE = meta('console-base');
  const CSRF = meta('csrf-token');
  const $ = (sel, root = document) => root.querySelector(sel);
  const pages = ['runs', 'dead-letters', 'webhooks', 'portals'];
  let timer = 0;

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }

  async function api(method, path, body) {
    const res = await fetch(`${BASE}/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(method === 'GET' ? {} : { 'X-CSRF-Token': CSRF }),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401) {
      location.reload();
      throw new Error('Signed out');
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const message = data && data.message ? [].concat(data.message).join('; ') : res.statusText;
      const err = new Error(message);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  const announcer = $('#announcer');
  const announce = (text) => {
    announcer.textContent = '';
    setTimeout(() => (announcer.textContent = text), 30);
  };
  function showError(err) {
    const box = $('#error');
    box.hidden = !err;
    box.textContent = err ? err.message || String(err) : '';
  }
  async function act(fn, done) {
    try {
      showError(null);
      const result = await fn();
      if (done) announce(typeof done === 'function' ? done(result) : done);
      return result;
    } catch (err) {
      showError(err);
      return undefined;
    }
  }

  const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
  const when = (v) =>
    v ? new Date(v).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' }) : '–';
  const duration = (s) =>
    s === null || s === undefined
      ? '–'
      : s < 90
        ? `${s} s`
        : s < 5400
          ? `${Math.round(s / 60)} min`
          : `${(s / 3600).toFixed(1)} h`;
  const STATUS_MARK = {
    completed: '✓',
    done: '✓',
    resolved: '✓',
    active: '✓',
    failed: '✗',
    cancelled: '✗',
    open: '!',
    needs_reinstall: '!',
    running: '▶',
    queued: '…',
    pending: '…',
    replaying: '↻',
    paused: '⏸',
    parked: '⏳',
    skipped: '–',
    echo: '↩',
  };
  const status = (s, extra) =>
    h(
      'span',
      { class: `status status-${s}` },
      `${STATUS_MARK[s] || ''} ${s.replace('_', ' ')}${extra ? ` ${extra}` : ''}`,
    );
  const form = (f) => Object.fromEntries(new FormData(f).entries());
  const filterQuery = (f) =>
    new URLSearchParams(Object.entries(form(f)).filter(([, v]) => v !== '')).toString();

  // ---- runs ---------------------------------------------------------------------------------------------
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

  async function loadRuns() {
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

  // ---- dead letters -------------------------------------------------------------------------------------
  async function loadDeadLetters() {
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

  function facts(dl, entries) {
    dl.replaceChildren(
      ...entries
        .filter(([, v]) => v !== undefined)
        .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === '' ? '–' : String(v))]),
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
    $('[data-action="replay"]', box).onclick = () =>
      replayDeadLetter(d.id).then(() => inspectDeadLetter(d.id));
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

  // ---- webhook events -----------------------------------------------------------------------------------
  async function loadWebhooks() {
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

  // ---- portals ------------------------------------------------------------------------------------------
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function chart(p) {
    const { minutes, ceilingPerMinute } = p.budget;
    const W = 640,
      H = 170,
      L = 44,
      B = 22,
      T = 10;
    const top = Math.max(ceilingPerMinute, ...minutes.map((m) => m.calls), 1);
    const y = (v) => T + (H - T - B) * (1 - v / top);
    const bw = (W - L) / minutes.length;
    const total = minutes.reduce((n, m) => n + m.calls, 0);
    const limited = minutes.reduce((n, m) => n + m.rateLimited, 0);
    const peak = minutes.reduce((a, m) => (m.calls > a.calls ? m : a), minutes[0]);
    const captionId = `chart-${p.portalId}`;
    const root = svg('svg', {
      class: 'chart',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': captionId,
    });
    root.append(svg('line', { class: 'axis', x1: L, x2: W, y1: H - B, y2: H - B }));
    minutes.forEach((m, i) => {
      if (!m.calls) return;
      const bar = svg('rect', {
        class: m.rateLimited ? 'bar bar-429' : 'bar',
        x: L + i * bw + 1,
        y: y(m.calls),
        width: Math.max(1, bw - 2),
        height: H - B - y(m.calls),
      });
      bar.append(
        svg(
          'title',
          {},
          `${new Date(m.at).toLocaleTimeString('en-GB', { timeStyle: 'short' })}: ${m.calls} calls${m.rateLimited ? `, ${m.rateLimited} answered 429` : ''}`,
        ),
      );
      root.append(bar);
      if (m.rateLimited)
        root.append(
          svg('text', { x: L + i * bw + bw / 2, y: y(m.calls) - 2, 'text-anchor': 'middle' }, '429'),
        );
    });
    root.append(
      svg('line', { class: 'ceiling', x1: L, x2: W, y1: y(ceilingPerMinute), y2: y(ceilingPerMinute) }),
    );
    root.append(
      svg('text', { x: L - 4, y: y(ceilingPerMinute) + 4, 'text-anchor': 'end' }, num(ceilingPerMinute)),
    );
    root.append(svg('text', { x: L - 4, y: H - B + 4, 'text-anchor': 'end' }, '0'));
    [
      ['60 min ago', L],
      ['30 min ago', L + (W - L) / 2],
      ['now', W],
    ].forEach(([label, x], i) =>
      root.append(svg('text', { x, y: H - 6, 'text-anchor': ['start', 'middle', 'end'][i] }, label)),
    );
    const summary = `${num(total)} calls in the last hour; busiest minute ${peak.calls ? `${new Date(peak.at).toLocaleTimeString('en-GB', { timeStyle: 'short' })} with ${num(peak.calls)}` : 'none'}; ${num(limited)} answered 429. Dashed line: the ceiling of ${num(ceilingPerMinute)} calls per minute (${num(p.budget.maxPerWindow)} per ${p.budget.windowMs / 1000} s).`;
    const busy = minutes.filter((m) => m.calls);
    return h(
      'figure',
      {},
      root,
      h('figcaption', { id: captionId }, summary),
      h(
        'details',
        {},
        h('summary', {}, 'Calls per minute as a table'),
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Minute'),
              h('th', { scope: 'col', class: 'num' }, 'Calls'),
              h('th', { scope: 'col', class: 'num' }, '429s'),
            ),
          ),
          h(
            'tbody',
            {},
            busy.length
              ? busy.map((m) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, new Date(m.at).toLocaleTimeString('en-GB', { timeStyle: 'short' })),
                    h('td', { class: 'num' }, num(m.calls)),
                    h('td', { class: 'num' }, num(m.rateLimited)),
                  ),
                )
              : h('tr', {}, h('td', { colspan: 3 }, 'No calls in the last hour.')),
          ),
        ),
      ),
    );
  }

  function portalCard(p) {
    const lanes = ['live', 'webhook', 'reconcile', 'backfill'].map((lane) => {
      const own = p.lanes.filter((l) => l.lane === lane);
      const sum = (k) => own.reduce((n, l) => n + l[k], 0);
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, lane),
        h('td', { class: 'num' }, num(sum('waiting'))),
        h('td', { class: 'num' }, num(sum('delayed'))),
      );
    });
    const oauth = p.oauth
      ? [status(p.oauth.status), p.oauth.statusReason ? ` (${p.oauth.statusReason})` : '']
      : 'private app (no OAuth install)';
    const dl = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Daily calls left'),
      h(
        'dd',
        {},
        p.budget.dailyRemaining === null ? 'not reported by HubSpot' : num(p.budget.dailyRemaining),
      ),
      h('dt', {}, 'Daily reset'),
      h('dd', {}, `${when(p.dailyResetAt)} (midnight in the portal's time zone)`),
      h('dt', {}, 'Window now'),
      h(
        'dd',
        {},
        p.lastSeen.remaining === undefined
          ? 'no call seen by this process yet'
          : `${num(p.lastSeen.remaining)} of ${num(p.lastSeen.max)} left at ${when(p.lastSeen.at)}`,
      ),
      h('dt', {}, 'OAuth'),
      h('dd', {}, oauth),
    );
    const parked = p.parked.length
      ? h(
          'ul',
          {},
          p.parked.map((x) =>
            h(
              'li',
              {},
              h('strong', {}, `${x.reason}`),
              `: ${num(x.count)} in ${x.queue}${x.until ? `, until ${when(x.until)}` : ''}${x.message ? `. ${x.message}` : ''}`,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'Nothing parked.');
    return h(
      'article',
      { class: 'portal', 'data-portal': p.portalId, 'aria-labelledby': `portal-${p.portalId}` },
      h('h3', { id: `portal-${p.portalId}` }, `Portal ${p.portalId}`),
      h(
        'div',
        { class: 'portal-grid' },
        h('div', {}, h('h4', {}, 'Rate-limit budget used, last hour'), chart(p)),
        h(
          'div',
          {},
          h('h4', {}, 'Budget'),
          dl,
          h('h4', {}, 'Backlog per lane'),
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Lane'),
                h('th', { scope: 'col', class: 'num' }, 'Waiting'),
                h('th', { scope: 'col', class: 'num' }, 'Delayed'),
              ),
            ),
            h('tbody', {}, lanes),
          ),
          h('h4', {}, 'Parked'),
          parked,
        ),
      ),
    );
  }

  async function loadPortals() {
    const o = await act(() => api('GET', '/portals'));
    if (!o) return;
    $('#portals-summary').textContent =
      `${o.portals.length} portal(s), ${o.mode === 'oauth' ? 'OAuth installs' : 'private app'}. Limiter: ${o.limiterFallback ? 'IN-PROCESS FALLBACK (Redis unreachable from this process)' : 'shared through Redis'}.${o.backlogSampled ? ' Backlog counts are of the first 1,000 jobs per queue and state.' : ''}`;
    $('#portals-list').replaceChildren(...o.portals.map(portalCard));
  }

  // ---- navigation ---------------------------------------------------------------------------------------
  const loaders = {
    runs: [loadRuns, 2000],
    'dead-letters': [loadDeadLetters, 0],
    webhooks: [loadWebhooks, 0],
    portals: [loadPortals, 10000],
  };
  function show() {
    const page = pages.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'runs';
    for (const id of pages) $(`#${id}`).hidden = id !== page;
    document
      .querySelectorAll('.top nav a')
      .forEach((a) =>
        a.getAttribute('href') === `#${page}`
          ? a.setAttribute('aria-current', 'page')
          : a.removeAttribute('aria-current'),
      );
    document.title = `${$(`#${page} h2`).textContent}: HubSpot sync console`;
    clearInterval(timer);
    showError(null);
    const [load, every] = loaders[page];
    load();
    if (every)
      timer = setInterval(() => {
        if (!document.hidden) load();
      }, every);
    return page;
  }
  window.addEventListener('hashchange', () => $(`#${show()} h2`).focus());
  $('#sign-out').addEventListener('click', async () => {
    await fetch(`${BASE}/session/end`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': CSRF },
    });
    location.assign(BASE);
  });
  show();
})();
