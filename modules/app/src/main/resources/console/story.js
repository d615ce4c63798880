// A customer's story: profile, stage and track history, purchase days against the customer's own
// rhythm, the churn model's P(alive) curve and the map's explanation, from /customers/{id}/story
// (behind the reader's token, answered by whichever instance holds the customer). Plain DOM and
// SVG, no library; every chart has its numbers in a table one click away (<details>).

import { bearer, storedToken, storeToken } from './token.js';

const SVG = 'http://www.w3.org/2000/svg';
const DAY_MS = 86400000;

const form = document.getElementById('story-form');
const idField = document.getElementById('customer-id');
const tokenField = document.getElementById('story-token');

function state(text, name) {
  const s = document.getElementById('story-state');
  s.textContent = text;
  s.setAttribute('data-state', name);
}

async function load(id) {
  document.getElementById('story').classList.add('hidden');
  state('loading the story of ' + id + ' ...', 'loading');
  let response;
  try {
    response = await fetch('/customers/' + encodeURIComponent(id) + '/story',
      { headers: bearer(storedToken()), cache: 'no-store' });
  } catch (e) {
    state('The instance did not answer; try again.', 'error');
    return;
  }
  if (response.status === 401 || response.status === 403) {
    state('Refused (' + response.status + '): a customer\'s story needs the reader token (careerstream.http.token)'
      + (response.status === 403 ? '; the one given is not it.' : '; give it above.'), 'refused');
    tokenField.focus();
    return;
  }
  if (response.status === 404) {
    state('No customer ' + id + '.', 'not-found');
    return;
  }
  if (!response.ok) {
    state('Not available (' + response.status + '); the pipeline may be starting or moving partitions. Try again.', 'error');
    return;
  }
  render(await response.json());
  state('The story of ' + id + ' at ' + short(current.at) + ' (event time: the customer\u2019s latest evaluation)', 'shown');
}

let current = null;

function short(iso) {
  return iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

function render(story) {
  current = story;
  profile(story);
  renderHistory(story.history);
  purchases(story);
  curve(story);
  document.getElementById('explanation').textContent = story.explanation.lines.join('\n');
  document.getElementById('story').classList.remove('hidden');
}

function profile(story) {
  const p = story.profile;
  const dl = document.getElementById('profile');
  dl.replaceChildren();
  const entries = [
    ['Customer', p.customerId],
    ['Stage', p.stage + (p.stageSince ? ' since ' + p.stageSince.slice(0, 10) : '')],
    ['Track', p.track ?? 'none'],
    ['Churn level', p.churnLevel],
    ['P(alive)', p.probabilityAlive === null ? '—' : p.probabilityAlive.toFixed(3)],
    ['Purchase days', p.purchaseDays + ' (' + p.purchases + ' purchases)'],
    ['Total spend (minor units)', p.totalSpendMinor.toLocaleString('en')],
    ['Expected interval', p.expectedIntervalDays === null ? '—' : p.expectedIntervalDays.toFixed(1) + ' days'],
    ['Expected value, 90 days', p.expectedValue90d === null ? '—' : p.expectedValue90d.toFixed(2)],
    ['Do not contact', p.doNotContactReasons.length ? p.doNotContactReasons.join(', ') : 'no reason'],
    ['Last touchpoint', p.lastTouchpointAt ? short(p.lastTouchpointAt) : '—'],
  ];
  for (const [k, v] of entries) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
}

function renderHistory(h) {
  document.getElementById('history-note').textContent = 'The last ' + h.kept
    + ' stage and track changes the pipeline keeps, newest first (days in UTC).';
  const body = document.querySelector('#history tbody');
  body.replaceChildren();
  for (const c of [...h.changes].reverse()) {
    body.appendChild(row([c.day, c.dimension === 'STAGE' ? 'stage' : 'track', c.to ?? 'no track']));
  }
  if (!h.changes.length) {
    body.appendChild(row(['—', '—', 'no change kept']));
  }
}

function epochDay(isoDay) {
  return Math.round(Date.parse(isoDay + 'T00:00:00Z') / DAY_MS);
}

function isoDay(epochDay) {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function purchases(story) {
  const p = story.purchases;
  const expected = p.expectedIntervalDays;
  const note = document.getElementById('purchases-note');
  note.textContent = p.purchaseDays === 0 ? 'No purchase yet.'
    : p.purchaseDays + ' purchase days from ' + p.firstPurchaseDay + ' to ' + p.lastPurchaseDay + '; the last '
      + p.kept + ' are kept and drawn. Own rhythm: ' + (p.meanIntervalDays === null ? 'not yet (one purchase day)'
        : 'a purchase day every ' + p.meanIntervalDays.toFixed(1) + ' days') + '; expected interval '
      + (expected === null ? '—' : expected.toFixed(1) + ' days') + (p.nextExpectedDay ? ', so the next purchase was due on '
        + p.nextExpectedDay : '') + '.';
  const body = document.querySelector('#purchases tbody');
  body.replaceChildren();
  const days = p.days.map(epochDay);
  days.forEach((d, i) => {
    const gap = i === 0 ? null : d - days[i - 1];
    body.appendChild(row([isoDay(d), gap === null ? '—' : String(gap),
      gap === null || expected === null ? '—' : (gap - expected >= 0 ? '+' : '') + (gap - expected).toFixed(1) + ' days']));
  });
  const svg = document.getElementById('purchase-timeline');
  svg.replaceChildren();
  if (!days.length) {
    return;
  }
  const now = Math.floor(Date.parse(story.at) / DAY_MS);
  const next = p.nextExpectedDay ? epochDay(p.nextExpectedDay) : null;
  const from = days[0];
  const to = Math.max(now, next ?? now, days[days.length - 1]) + 1;
  const W = 760, H = 110, L = 20, R = 20;
  const x = d => L + (d - from) / Math.max(1, to - from) * (W - L - R);
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svg.appendChild(line(L, 60, W - R, 60, 'axis'));
  if (next !== null) {
    // The customer's own rhythm: from the last purchase to the day the next one was expected.
    const band = el('rect', { x: x(days[days.length - 1]), y: 48, width: Math.max(1, x(next) - x(days[days.length - 1])),
      height: 24, class: 'rhythm' });
    svg.appendChild(band);
    svg.appendChild(line(x(next), 38, x(next), 82, 'expected'));
    svg.appendChild(label(x(next), 32, 'next due ' + p.nextExpectedDay, anchorNear(x(next), W)));
  }
  for (const d of days) {
    const dot = el('circle', { cx: x(d), cy: 60, r: 6, class: 'purchase' });
    const title = el('title', {});
    title.textContent = 'purchase on ' + isoDay(d);
    dot.appendChild(title);
    svg.appendChild(dot);
  }
  svg.appendChild(line(x(now), 20, x(now), 95, 'now'));
  svg.appendChild(label(x(now), 107, 'now ' + isoDay(now), anchorNear(x(now), W)));
  svg.appendChild(label(L, 92, isoDay(from), 'start'));
}

function curve(story) {
  const c = story.aliveCurve;
  const svg = document.getElementById('alive-curve');
  const note = document.getElementById('curve-note');
  const body = document.querySelector('#curve-table tbody');
  svg.replaceChildren();
  body.replaceChildren();
  if (!c) {
    note.textContent = 'No purchase yet: the churn model has no P(alive) for this customer.';
    svg.classList.add('hidden');
    return;
  }
  svg.classList.remove('hidden');
  const last = epochDay(story.purchases.lastPurchaseDay);
  note.textContent = 'If the customer stays silent: ' + c.model + '\u2019s P(alive) from the last purchase ('
    + story.purchases.lastPurchaseDay + ') on. AT_RISK below ' + c.atRiskProbabilityAlive + ' (day '
    + fmt(c.atRiskDay) + '), LAPSED below ' + c.lapsedProbabilityAlive + ' (day ' + fmt(c.lapsedDay) + '); now is day '
    + c.nowDay.toFixed(1) + '.' + (c.rule === 'CADENCE' ? ' The silence rule in force is CADENCE: the days marked are'
      + ' where its alerts fire, not where P(alive) crosses the thresholds.' : '');
  const W = 760, H = 320, L = 52, R = 16, T = 16, B = 44;
  const maxDay = c.points[c.points.length - 1][0];
  const x = d => L + d / maxDay * (W - L - R);
  const y = p => T + (1 - p) * (H - T - B);
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    svg.appendChild(line(L, y(p), W - R, y(p), 'grid'));
    svg.appendChild(label(L - 6, y(p) + 4, p.toFixed(2), 'end'));
  }
  for (let i = 0; i <= 5; i++) {
    const d = maxDay * i / 5;
    svg.appendChild(label(x(d), H - B + 18, Math.round(d) + ' d', 'middle'));
  }
  svg.appendChild(label(L + (W - L - R) / 2, H - 6, 'days after the last purchase', 'middle'));
  svg.appendChild(line(L, y(c.atRiskProbabilityAlive), W - R, y(c.atRiskProbabilityAlive), 'threshold at-risk'));
  svg.appendChild(label(W - R, y(c.atRiskProbabilityAlive) - 5, 'AT_RISK ' + c.atRiskProbabilityAlive, 'end', 'at-risk'));
  svg.appendChild(line(L, y(c.lapsedProbabilityAlive), W - R, y(c.lapsedProbabilityAlive), 'threshold lapsed'));
  svg.appendChild(label(W - R, y(c.lapsedProbabilityAlive) - 5, 'LAPSED ' + c.lapsedProbabilityAlive, 'end', 'lapsed'));
  const path = el('polyline', { points: c.points.map(([d, p]) => x(d).toFixed(1) + ',' + y(p).toFixed(1)).join(' '),
    class: 'curve' });
  svg.appendChild(path);
  for (const [day, cls, text] of [[c.atRiskDay, 'at-risk', 'AT_RISK'], [c.lapsedDay, 'lapsed', 'LAPSED'], [c.nowDay, 'now', 'now']]) {
    if (day !== null && day <= maxDay) {
      svg.appendChild(line(x(day), T, x(day), H - B, 'mark ' + cls));
      // Beside its line, on the side with room: a mark near the right edge is labelled to its left.
      const left = x(day) > W - 140;
      svg.appendChild(label(x(day) + (left ? -4 : 4), T + 12 + (cls === 'now' ? 0 : cls === 'at-risk' ? 14 : 28),
        text + ' day ' + Math.round(day), left ? 'end' : 'start', cls));
    }
  }
  let atRiskMarked = false;
  let lapsedMarked = false;
  for (const [d, p] of c.points) {
    const marks = [];
    if (Math.abs(d - c.nowDay) < 1e-6) {
      marks.push('now');
    }
    if (!atRiskMarked && c.atRiskDay !== null && d >= c.atRiskDay) {
      marks.push('AT_RISK from day ' + fmt(c.atRiskDay));
      atRiskMarked = true;
    }
    if (!lapsedMarked && c.lapsedDay !== null && d >= c.lapsedDay) {
      marks.push('LAPSED from day ' + fmt(c.lapsedDay));
      lapsedMarked = true;
    }
    const r = row([d.toFixed(1), isoDay(last + Math.floor(d)), p.toFixed(4), marks.join('; ')]);
    if (marks.includes('now')) {
      r.classList.add('now-row');
    }
    body.appendChild(r);
  }
}

/** A label centred on x, unless that would cut it at an edge of a chart W wide. */
function anchorNear(x, W) {
  return x > W - 90 ? 'end' : x < 90 ? 'start' : 'middle';
}

function fmt(day) {
  return day === null ? 'never' : day.toFixed(1);
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c;
    tr.appendChild(td);
  }
  return tr;
}

function el(name, attributes) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) {
    e.setAttribute(k, v);
  }
  return e;
}

function line(x1, y1, x2, y2, cls) {
  return el('line', { x1, y1, x2, y2, class: cls });
}

function label(x, y, text, anchor, cls) {
  const t = el('text', { x, y, 'text-anchor': anchor, class: 'label' + (cls ? ' ' + cls : '') });
  t.textContent = text;
  return t;
}

form.addEventListener('submit', e => {
  e.preventDefault();
  if (tokenField.value) {
    storeToken(tokenField.value);
    tokenField.value = '';
  }
  const id = idField.value.trim();
  rememberInAddress(id);
  load(id);
});

function rememberInAddress(id) {
  const url = new URL(window.location.href);
  url.searchParams.set('customer', id);
  window.history.replaceState(null, '', url);
}

if (storedToken()) {
  tokenField.placeholder = 'kept for this tab';
}
const asked = new URLSearchParams(window.location.search).get('customer');
if (asked) {
  idField.value = asked;
  load(asked);
}
