// The portals page: calls per minute over the last hour (SVG chart, caption, table), budget, queued records per
// lane, parked work.
import { $, h, api, act, num, when, status } from './console-common.js';

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
      root.append(svg('text', { x: L + i * bw + bw / 2, y: y(m.calls) - 2, 'text-anchor': 'middle' }, '429'));
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
  const lanes = ['live', 'webhook', 'reconcile', 'backfill'].map((lane) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, lane),
      h('td', { class: 'num' }, num(p.lanes.find((l) => l.lane === lane)?.ready ?? 0)),
    ),
  );
  const oauth = p.oauth
    ? [status(p.oauth.status), p.oauth.statusReason ? ` (${p.oauth.statusReason})` : '']
    : 'private app (no OAuth install)';
  const dl = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Daily calls left'),
    h('dd', {}, p.budget.dailyRemaining === null ? 'not reported by HubSpot' : num(p.budget.dailyRemaining)),
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
            `: ${num(x.count)} ${x.what}${x.until ? `, until ${when(x.until)}` : ''}${x.message ? `. ${x.message}` : ''}`,
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
        h('h4', {}, 'Records waiting per lane'),
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
            ),
          ),
          h('tbody', {}, lanes),
        ),
        h(
          'p',
          { class: 'muted' },
          `${num(p.inFlight)} in flight now${p.oldestDueAt ? `; the oldest waiting since ${when(p.oldestDueAt)}` : ''}.`,
        ),
        h(
          'p',
          { class: 'muted' },
          p.outbox.size
            ? `Outbox: ${num(p.outbox.size)} row(s) not settled, ${num(p.outbox.waiting)} not relayed yet; the oldest ${num(Math.round(p.outbox.oldestAgeSeconds))} s old.`
            : 'Outbox: nothing waiting.',
        ),
        h('h4', {}, 'Parked'),
        parked,
      ),
    ),
  );
}

export async function loadPortals() {
  const o = await act(() => api('GET', '/console/api/portals'));
  if (!o) return;
  $('#portals-summary').textContent =
    `${o.portals.length} portal(s), ${o.mode === 'oauth' ? 'OAuth installs' : 'private app'}. Limiter: ${o.limiterFallback ? 'IN-PROCESS FALLBACK (Redis unreachable from this process)' : 'shared through Redis'}. Outbox relay: ${o.outbox.relay.paused ? 'PAUSED (Redis unreachable; writes keep landing in hubspot_outbox)' : o.outbox.relay.running ? 'running' : 'off in this process'}, ${num(o.outbox.size)} row(s) not settled.`;
  $('#portals-list').replaceChildren(...o.portals.map(portalCard));
}
