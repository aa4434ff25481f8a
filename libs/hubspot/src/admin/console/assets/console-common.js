// Shared by the console's pages: the page's base path and CSRF token, fetch, DOM building, formatting.
// Everything is rendered with textContent (never innerHTML), so nothing a record or HubSpot says runs as markup.
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
export const BASE = meta('console-base');
// The console speaks the admin API (its session cookie is valid there); only its own views live under BASE.
export const ADMIN = BASE.replace(/\/console$/, '');
export const CSRF = meta('csrf-token');
export const $ = (sel, root = document) => root.querySelector(sel);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** `path` under the admin API (`/runs`, `/dead-letters`, ...), or under the console for its own views (`/console/...`). */
export async function api(method, path, body) {
  const res = await fetch(`${ADMIN}${path}`, {
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
export const announce = (text) => {
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = text), 30);
};
export function showError(err) {
  const box = $('#error');
  box.hidden = !err;
  box.textContent = err ? err.message || String(err) : '';
}
export async function act(fn, done) {
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

export const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
export const when = (v) =>
  v ? new Date(v).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' }) : '–';
export const duration = (s) =>
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
export const status = (s, extra) =>
  h(
    'span',
    { class: `status status-${s}` },
    `${STATUS_MARK[s] || ''} ${s.replace('_', ' ')}${extra ? ` ${extra}` : ''}`,
  );
export const form = (f) => Object.fromEntries(new FormData(f).entries());
export const filterQuery = (f) =>
  new URLSearchParams(Object.entries(form(f)).filter(([, v]) => v !== '')).toString();

export function facts(dl, entries) {
  dl.replaceChildren(
    ...entries
      .filter(([, v]) => v !== undefined)
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === '' ? '–' : String(v))]),
  );
}
