// Small SVG charts of our own (no library, nothing inline: the Content-Security-Policy allows
// neither inline styles nor scripts), each with its numbers as a table one click away.

import { bearer, storedToken } from './token.js';

export const SVG = 'http://www.w3.org/2000/svg';
// Dark enough on white for lines and text (contrast at least 4.5:1), and told apart by a dash too.
export const COLORS = ['#0b57d0', '#a1001d', '#1e6b2e', '#8a4b00', '#6b2fa0', '#00636b', '#4a5360', '#9c005e'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

export function el(name, attributes = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

export function html(name, attributes = {}, text) {
  const e = document.createElement(name);
  for (const [k, v] of Object.entries(attributes)) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

export function number(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en');
}

/** A table: header cells and rows of cells (strings or numbers); data-* attributes per row. */
export function table(id, caption, header, rows, rowData = () => ({})) {
  const t = html('table', { id });
  t.appendChild(html('caption', {}, caption));
  const head = t.createTHead().insertRow();
  header.forEach(h => head.appendChild(html('th', { scope: 'col' }, h)));
  const body = t.createTBody();
  for (const cells of rows) {
    const r = body.insertRow();
    const data = rowData(cells);
    for (const [k, v] of Object.entries(data)) {
      r.setAttribute('data-' + k, v);
    }
    cells.forEach((c, i) => {
      const cell = i === 0 ? html('th', { scope: 'row' }, String(c)) : html('td', {}, typeof c === 'number' ? number(c) : c);
      r.appendChild(cell);
    });
  }
  return t;
}

/** A chart's numbers behind one click: a disclosure the keyboard opens with Enter or Space. */
export function tableBehindOneClick(label, tableElement, open) {
  const details = html('details', { class: 'chart-table' });
  if (open) {
    details.open = true;
  }
  details.appendChild(html('summary', {}, label));
  details.appendChild(tableElement);
  return details;
}

/**
 * A line chart of series over shared x labels: {name: [values]}; the SVG is described for screen
 * readers by its title and the table beside it.
 */
export function lineChart(title, labels, series) {
  const W = 640, H = 240, L = 56, R = 150, T = 12, B = 28;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.appendChild(el('title', {}, title));
  const names = Object.keys(series);
  const max = Math.max(1, ...names.flatMap(n => series[n]));
  const x = i => L + (labels.length <= 1 ? 0 : i * (W - L - R) / (labels.length - 1));
  const y = v => T + (H - T - B) * (1 - v / max);
  for (let k = 0; k <= 4; k++) {
    const v = Math.round(max * k / 4);
    svg.appendChild(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
    svg.appendChild(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, number(v)));
  }
  [0, Math.floor((labels.length - 1) / 2), labels.length - 1].forEach(i => {
    if (labels[i] !== undefined) {
      svg.appendChild(el('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, labels[i]));
    }
  });
  names.forEach((name, s) => {
    const points = series[name].map((v, i) => x(i) + ',' + y(v)).join(' ');
    svg.appendChild(el('polyline', { points, class: 'line', stroke: COLORS[s % COLORS.length],
      'stroke-dasharray': DASHES[Math.floor(s / COLORS.length) % DASHES.length] || DASHES[s % DASHES.length] }));
    const last = series[name][series[name].length - 1] ?? 0;
    svg.appendChild(el('text', { x: W - R + 6, y: T + 14 + s * 16, class: 'legend', fill: COLORS[s % COLORS.length] },
      name + ' ' + number(last)));
  });
  return svg;
}

/** A bar chart of labelled values: [[label, value]]. */
export function barChart(title, bars, className = '') {
  const W = 640, H = 220, L = 56, T = 12, B = 40;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart ' + className, role: 'img', 'aria-label': title });
  svg.appendChild(el('title', {}, title));
  const max = Math.max(1, ...bars.map(b => b[1]));
  const step = (W - L - 8) / Math.max(1, bars.length);
  const y = v => T + (H - T - B) * (1 - v / max);
  for (let k = 0; k <= 4; k++) {
    const v = Math.round(max * k / 4);
    svg.appendChild(el('line', { x1: L, x2: W - 8, y1: y(v), y2: y(v), class: 'grid' }));
    svg.appendChild(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, number(v)));
  }
  bars.forEach(([label, v], i) => {
    svg.appendChild(el('rect', { x: L + i * step + 2, y: y(v), width: Math.max(1, step - 4), height: (H - T - B) - (y(v) - T),
      class: 'bar' }));
    if (bars.length <= 12 || i % Math.ceil(bars.length / 10) === 0) {
      svg.appendChild(el('text', { x: L + i * step + step / 2, y: H - 22, 'text-anchor': 'middle', class: 'axis' }, label));
    }
  });
  return svg;
}

/**
 * GET JSON from the instance, with the reader's token if the tab has one (token.js): flows, trends
 * and operations are open by default but may be put behind it (careerstream.http.open.endpoints).
 * Null while it cannot answer (the caller asks again later).
 */
export async function getJson(path) {
  try {
    const response = await fetch(path, { headers: bearer(storedToken()), cache: 'no-store' });
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  }
}

/**
 * A view's polling of one endpoint while it is shown (trends, operations, lift): show() draws the
 * loading state (render(null)), asks at once and then every everyMs; hide() stops asking. A null
 * answer (getJson: the instance cannot answer now) leaves what is drawn until the next one.
 */
export function poller(path, render, everyMs) {
  let timer = null;
  async function refresh() {
    const body = await getJson(path);
    if (body) {
      render(body);
    }
  }
  return {
    show() {
      if (timer === null) {
        render(null);
        refresh();
        timer = setInterval(refresh, everyMs);
      }
    },
    hide() {
      clearInterval(timer);
      timer = null;
    }
  };
}
