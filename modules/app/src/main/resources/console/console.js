// The console: the loaded career map with live counts, and the alert feed. Plain DOM and SVG, no
// library: every number is text a screen reader (and a browser test) can read, and nothing needs an
// inline style, which the API's Content-Security-Policy forbids. SVG positions are attributes.

import { applyFeedFilters, decorateAlertRow, installFeedFilters, refilter } from './feed-filters.js';
import { bearer, storedToken, storeToken } from './token.js';

const SVG = 'http://www.w3.org/2000/svg';
const NODE = { width: 300, height: 44, gap: 12, top: 40 };
const COLUMN_X = { stage: 10, track: 350 };
const COUNTS_EVERY_MS = 2000;
const FEED_RETRY_MS = 5000;
const MAX_ROWS = 200; // the tab keeps the newest rows only, however long it stays open

const nodes = new Map(); // name:kind -> the node's <g>
let token = storedToken(); // the reader's token, kept for the tab (token.js)

async function drawMap() {
  const response = await fetch('/console/map', { headers: authorization(), cache: 'no-store' });
  if (!response.ok) {
    document.getElementById('map-version').textContent = 'The career map is not available (' + response.status + '); retrying.';
    setTimeout(drawMap, FEED_RETRY_MS);
    return;
  }
  const map = await response.json();
  document.getElementById('map-version').textContent = 'Career map ' + map.source + ', version ' + map.version;
  const svg = document.getElementById('map');
  svg.replaceChildren();
  const rows = { stage: 0, track: 0 };
  for (const kind of ['stage', 'track']) {
    svg.appendChild(text(COLUMN_X[kind], 24, kind === 'stage' ? 'Stages' : 'Tracks', 'column-title'));
  }
  for (const node of map.nodes) {
    const y = NODE.top + rows[node.kind]++ * (NODE.height + NODE.gap);
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('class', 'node ' + node.kind);
    g.setAttribute('data-node', node.name);
    g.setAttribute('data-kind', node.kind);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', COLUMN_X[node.kind]);
    rect.setAttribute('y', y);
    rect.setAttribute('width', NODE.width);
    rect.setAttribute('height', NODE.height);
    g.appendChild(rect);
    g.appendChild(text(COLUMN_X[node.kind] + 12, y + 27, node.name, 'name'));
    const count = text(COLUMN_X[node.kind] + NODE.width - 12, y + 27, '…', 'count');
    count.setAttribute('text-anchor', 'end');
    g.appendChild(count);
    g.addEventListener('click', () => select(g, node));
    g.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(g, node);
      }
    });
    svg.appendChild(g);
    nodes.set(node.name + ':' + node.kind, g);
    label(g, node.name, null);
  }
  const height = NODE.top + Math.max(rows.stage, rows.track) * (NODE.height + NODE.gap);
  svg.setAttribute('viewBox', '0 0 ' + (COLUMN_X.track + NODE.width + 10) + ' ' + height);
  document.dispatchEvent(new CustomEvent('console:map-drawn')); // map-edges.js draws the flows on it
  refreshCounts();
  setInterval(refreshCounts, COUNTS_EVERY_MS);
}

function text(x, y, content, cls) {
  const t = document.createElementNS(SVG, 'text');
  t.setAttribute('x', x);
  t.setAttribute('y', y);
  t.setAttribute('class', cls);
  t.textContent = content;
  return t;
}

function label(g, name, count) {
  g.setAttribute('aria-label', name + ': ' + (count === null ? 'count not known yet' : count + ' customers'));
}

// /stages and /tracks sum every instance's counters: the map shows the whole installation.
async function refreshCounts() {
  for (const kind of ['stage', 'track']) {
    let counts = {};
    try {
      const response = await fetch(kind === 'stage' ? '/stages' : '/tracks', { headers: authorization(), cache: 'no-store' });
      if (!response.ok) {
        continue;
      }
      counts = (await response.json()).counts;
    } catch (e) {
      continue; // the instance restarts: the next round asks again
    }
    for (const [key, g] of nodes) {
      if (g.getAttribute('data-kind') !== kind) {
        continue;
      }
      const name = key.slice(0, key.lastIndexOf(':'));
      const count = counts[name] ?? 0;
      g.querySelector('.count').textContent = count.toLocaleString('en');
      label(g, name, count);
    }
  }
}

function select(g, node) {
  document.querySelectorAll('.node.selected').forEach(n => n.classList.remove('selected'));
  g.classList.add('selected');
  const details = document.getElementById('details');
  details.replaceChildren();
  const title = document.createElement('h3');
  title.textContent = node.name + ' (' + node.kind + ')';
  details.appendChild(title);
  details.appendChild(field('Rule', node.rule, 'rule', true));
  details.appendChild(field('Action', node.action ?? 'none', 'action', false));
  const reasons = document.createElement('div');
  reasons.className = 'do-not-contact';
  const heading = document.createElement('p');
  heading.textContent = 'Do not contact when any holds (its action replaces this one where it names one):';
  reasons.appendChild(heading);
  const list = document.createElement('ul');
  for (const d of node.doNotContact) {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = d.rule;
    item.append(d.reason + ': ', code, d.action ? ' → ' + d.action : '');
    list.appendChild(item);
  }
  reasons.appendChild(list);
  details.appendChild(reasons);
}

function field(name, value, cls, code) {
  const p = document.createElement('p');
  p.append(name + ': ');
  const v = document.createElement(code ? 'code' : 'strong');
  v.className = cls;
  v.textContent = value;
  p.appendChild(v);
  return p;
}

function authorization() {
  return bearer(token);
}

// The feed is read with fetch rather than EventSource: EventSource cannot send the bearer token
// the feed needs where careerstream.http.auth is token. The stream is server-sent events all the same.
async function followAlerts() {
  let response;
  try {
    // Javalin answers as an event stream only to a request that accepts one.
    const headers = { ...authorization(), Accept: 'text/event-stream' };
    response = await fetch('/console/alerts', { headers, cache: 'no-store' });
  } catch (e) {
    feedState('disconnected; retrying');
    setTimeout(followAlerts, FEED_RETRY_MS);
    return;
  }
  if (response.status === 401 || response.status === 403) {
    feedState('the alert feed needs the reader token');
    document.getElementById('token-form').classList.remove('hidden');
    return;
  }
  if (!response.ok) {
    feedState('not available (' + response.status + '); retrying');
    setTimeout(followAlerts, FEED_RETRY_MS);
    return;
  }
  document.getElementById('token-form').classList.add('hidden');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      break;
    }
    if (chunk.done) {
      break;
    }
    buffer += chunk.value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      onEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
  feedState('disconnected; retrying');
  setTimeout(followAlerts, FEED_RETRY_MS);
}

function onEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) {
      event = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  if (event === 'state') {
    feedState(data.join('\n'));
  } else if (event === 'alert') {
    addAlert(JSON.parse(data.join('\n')));
  }
}

function feedState(state) {
  const s = document.getElementById('feed-state');
  s.textContent = 'Feed: ' + state;
  s.setAttribute('data-state', state);
}

function addAlert(a) {
  const row = document.createElement('tr');
  row.setAttribute('data-level', a.level);
  row.setAttribute('data-alert', a.alertId);
  const cells = [a.at.slice(0, 16).replace('T', ' '), a.level, a.status + (a.endReason ? ': ' + a.endReason : ''), a.customerId,
    a.suggestedAction, a.doNotContactReasons.length ? a.doNotContactReasons.join(', ') : '—',
    a.probabilityAlive === null ? '—' : a.probabilityAlive.toFixed(3),
    a.daysOverdue === null ? '—' : a.daysOverdue.toFixed(1)];
  const classes = ['at', 'level level-' + a.level, 'status', 'customer', 'action', 'reasons', 'p-alive', 'overdue'];
  cells.forEach((value, i) => {
    const td = document.createElement('td');
    td.className = classes[i];
    td.textContent = value;
    row.appendChild(td);
  });
  decorateAlertRow(row, a); // feed-filters.js: what the filters read, the link to the customer's story
  applyFeedFilters(row);
  const body = document.querySelector('#alerts tbody');
  body.prepend(row);
  while (body.rows.length > MAX_ROWS) {
    body.deleteRow(body.rows.length - 1);
  }
  countShown();
}

// The count of shown rows is redrawn at most once a frame: a burst of alerts costs one count.
let countPending = false;
function countShown() {
  if (!countPending) {
    countPending = true;
    requestAnimationFrame(() => { countPending = false; refilter(); });
  }
}

installFeedFilters();
document.getElementById('token-form').addEventListener('submit', e => {
  e.preventDefault();
  token = document.getElementById('token').value || null;
  storeToken(token);
  followAlerts();
});

drawMap();
followAlerts();
