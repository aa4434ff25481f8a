// The HubSpot sync console: plain ES modules, no build step. Navigation between the pages and sign-out;
// each page is its own module. The CSRF token comes from the page, never from storage.
import { BASE, CSRF, $, showError } from './console-common.js';
import { loadDeadLetters } from './console-dead-letters.js';
import { loadPortals } from './console-portals.js';
import { loadRuns } from './console-runs.js';
import { loadWebhooks } from './console-webhooks.js';

const pages = ['runs', 'dead-letters', 'webhooks', 'portals'];
let timer = 0;

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
