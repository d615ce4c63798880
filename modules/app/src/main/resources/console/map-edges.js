// The map's edges: transitions between stages (and between tracks) in a chosen window of event
// time, drawn as arcs beside the node columns console.js draws, with the same numbers as a table.
// Counted in the stream per hour (GET /console/flows), summed over the instances.
import { el, html, number, table, tableBehindOneClick, getJson } from './charts.js';

const EVERY_MS = 2000;
const WINDOWS = { '1h': 'last hour', '24h': 'last day', '7d': 'last 7 days', '30d': 'last 30 days' };
const MARGIN = 120; // room beside the columns for the arcs
let windowName = '30d';
let flows = null;
let started = false;

function layer(svg) {
  let g = svg.querySelector('#edges');
  if (!g) {
    g = el('g', { id: 'edges', 'aria-hidden': 'true' }); // the table below says the same to a screen reader
    svg.insertBefore(g, svg.firstChild);
  }
  return g;
}

function box(kind, name) {
  const rect = document.querySelector(`#map .node[data-kind='${kind}'][data-node='${CSS.escape(name)}'] rect`);
  if (!rect) {
    return null;
  }
  return { x: +rect.getAttribute('x'), y: +rect.getAttribute('y'), w: +rect.getAttribute('width'),
    h: +rect.getAttribute('height') };
}

function draw() {
  const svg = document.getElementById('map');
  if (!svg || !flows) {
    return;
  }
  // Widen the drawing once: arcs of stages to the left of their column, of tracks to the right of theirs.
  if (!svg.dataset.widened && svg.getAttribute('viewBox')) {
    const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    svg.setAttribute('viewBox', `${-MARGIN} 0 ${w + 2 * MARGIN} ${h}`);
    svg.dataset.widened = 'true';
  }
  const g = layer(svg);
  g.replaceChildren();
  const edges = flows.windows[windowName].edges;
  const max = Math.max(1, ...edges.map(e => e.count));
  document.querySelectorAll('#map .node .entries').forEach(n => n.remove());
  for (const e of edges) {
    const kind = e.dimension === 'TRACK' ? 'track' : 'stage';
    const to = box(kind, e.to);
    if (!to) {
      continue;
    }
    const width = 1.5 + 6 * e.count / max;
    if (e.from === null) {
      // First stages: an arrow in from the side, labelled with the customers who entered.
      const y = to.y + to.h / 2;
      g.appendChild(el('line', { x1: to.x - 40, y1: y, x2: to.x, y2: y, class: 'edge new', 'stroke-width': width,
        'data-edge': '>' + e.to }));
      g.appendChild(el('text', { x: to.x - 44, y: y + 4, 'text-anchor': 'end', class: 'edge-count',
        'data-edge': '>' + e.to }, '+' + number(e.count)));
      continue;
    }
    const from = box(kind, e.from);
    if (!from) {
      continue;
    }
    const left = kind === 'stage';
    const side = left ? from.x : from.x + from.w;
    const y1 = from.y + from.h / 2 + (to.y > from.y ? 6 : -6);
    const y2 = to.y + to.h / 2 + (to.y > from.y ? -6 : 6);
    const bulge = (left ? -1 : 1) * (30 + Math.abs(y2 - y1) * 0.3) * (to.y > from.y ? 1 : 0.6);
    const cx = side + bulge;
    g.appendChild(el('path', { d: `M ${side} ${y1} C ${cx} ${y1}, ${cx} ${y2}, ${side} ${y2}`,
      class: 'edge' + (to.y > from.y ? ' down' : ' up'), 'stroke-width': width, 'data-edge': e.from + '>' + e.to }));
    const mid = side + bulge * 0.75;
    g.appendChild(el('text', { x: mid, y: (y1 + y2) / 2 + 4, 'text-anchor': 'middle', class: 'edge-count',
      'data-edge': e.from + '>' + e.to }, number(e.count)));
  }
  const rows = edges.map(e => [e.from === null ? '(new customer)' : e.from, e.to, e.dimension.toLowerCase(), e.count]);
  const alerts = Object.entries(flows.windows[windowName].alerts).map(([level, n]) => level + ' ' + number(n)).join(', ');
  const holder = document.getElementById('flows');
  const open = holder.querySelector('details')?.open ?? false;
  holder.replaceChildren(
    html('p', { class: 'muted', id: 'flows-until' }, flows.until === null ? 'No transitions counted yet.'
      : `Transitions in the ${WINDOWS[windowName]} of event time up to ${flows.until.slice(0, 16).replace('T', ' ')} UTC; alerts opened: ${alerts}.`),
    tableBehindOneClick('Transitions as a table', table('edge-table', 'Transitions per edge, ' + WINDOWS[windowName],
      ['From', 'To', 'Dimension', 'Transitions'], rows,
      r => ({ edge: (r[0] === '(new customer)' ? '' : r[0]) + '>' + r[1], dimension: r[2] })), open));
}

async function refresh() {
  const answer = await getJson('/console/flows');
  if (answer) {
    flows = answer;
    draw();
  }
}

function selector() {
  const section = document.getElementById('map-section');
  const label = html('label', { class: 'window' }, 'Transitions in the ');
  const select = html('select', { id: 'window' });
  for (const [value, text] of Object.entries(WINDOWS)) {
    const option = html('option', { value }, text);
    option.selected = value === windowName;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    windowName = select.value;
    draw();
  });
  label.appendChild(select);
  section.insertBefore(label, document.getElementById('map'));
}

function mapDrawn() {
  document.getElementById('map').removeAttribute('data-widened');
  if (!started) {
    started = true;
    selector();
    refresh();
    setInterval(refresh, EVERY_MS);
  } else {
    draw();
  }
}

document.addEventListener('console:map-drawn', mapDrawn);
// console.js may have drawn the map before this module ran (its imports load after it).
if (document.getElementById('map').hasAttribute('viewBox')) {
  mapDrawn();
}
