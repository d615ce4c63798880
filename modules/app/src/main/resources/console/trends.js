// Trends: customers per stage and per track at each day's end, and alerts opened per level per
// day, over the last 30 days of event time (GET /console/trends: the stream's hourly counts,
// summed over the instances). Each chart has its numbers as a table one click away.
import { html, lineChart, barChart, table, tableBehindOneClick, poller } from './charts.js';

const EVERY_MS = 10000;

function block(id, title, chart, tableElement) {
  const section = html('section', { id, class: 'trend', 'aria-labelledby': id + '-title' });
  section.appendChild(html('h3', { id: id + '-title' }, title));
  section.appendChild(chart);
  section.appendChild(tableBehindOneClick(title + ' as a table', tableElement));
  return section;
}

function seriesTable(id, caption, days, series) {
  const names = Object.keys(series);
  return table(id, caption, ['Day', ...names], days.map((d, i) => [d, ...names.map(n => series[n][i])]),
    r => ({ day: r[0] }));
}

export function render(trends) {
  const view = document.getElementById('view-trends');
  const open = new Set([...view.querySelectorAll('details[open]')].map(d => d.parentElement.id));
  view.replaceChildren(html('h2', { id: 'trends-heading' }, 'Trends'));
  if (!trends || trends.until === null) {
    view.appendChild(html('p', { class: 'muted', id: 'trends-state' }, trends ? 'Nothing counted yet.' : 'Loading ...'));
    return;
  }
  view.appendChild(html('p', { class: 'muted', id: 'trends-state' },
    `The last ${trends.days.length} days of event time, up to ${trends.until.slice(0, 16).replace('T', ' ')} UTC. ` +
    'Customers at each day\'s end: today\'s counts less the moves counted since (erasures are not moves).'));
  const labels = trends.days.map(d => d.slice(5));
  const grid = html('div', { class: 'trend-grid' });
  grid.appendChild(block('trend-stages', 'Customers per stage', lineChart('Customers per stage per day', labels, trends.stages),
    seriesTable('trend-stages-table', 'Customers per stage at each day\'s end', trends.days, trends.stages)));
  grid.appendChild(block('trend-tracks', 'Customers per track', lineChart('Customers per track per day', labels, trends.tracks),
    seriesTable('trend-tracks-table', 'Customers per track at each day\'s end', trends.days, trends.tracks)));
  const levels = Object.keys(trends.alerts);
  const perDay = trends.days.map((d, i) => [d.slice(5), levels.reduce((sum, l) => sum + trends.alerts[l][i], 0)]);
  grid.appendChild(block('trend-alerts', 'Alerts opened per day', barChart('Alerts opened per day, all levels', perDay, 'alerts'),
    seriesTable('trend-alerts-table', 'Alerts opened per level per day', trends.days, trends.alerts)));
  view.appendChild(grid);
  for (const id of open) {
    view.querySelector('#' + id + ' details')?.setAttribute('open', '');
  }
}

export const { show, hide } = poller('/console/trends', render, EVERY_MS);
