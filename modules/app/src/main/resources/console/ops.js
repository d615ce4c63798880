// Operations: the instances and their tasks, lag per input partition, throughput, latency, dead
// letters, the churn model in force and the distribution of P(alive) (GET /console/ops, summed over
// the instances). Figures are tables; the distribution is a chart with its table one click away.
import { html, barChart, table, tableBehindOneClick, number, poller } from './charts.js';

const EVERY_MS = 2000;

function section(id, title, ...children) {
  const s = html('section', { id, class: 'ops-block', 'aria-labelledby': id + '-title' });
  s.appendChild(html('h3', { id: id + '-title' }, title));
  children.forEach(c => s.appendChild(c));
  return s;
}

function seconds(s) {
  if (s === null || s === undefined) {
    return '—';
  }
  return s < 120 ? s.toFixed(1) + ' s' : s < 7200 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
}

export function render(ops) {
  const view = document.getElementById('view-ops');
  const open = view.querySelector('#ops-alive details')?.open ?? false;
  view.replaceChildren(html('h2', { id: 'ops-heading' }, 'Operations'));
  if (!ops) {
    view.appendChild(html('p', { class: 'muted', id: 'ops-state' }, 'Loading ...'));
    return;
  }
  view.appendChild(html('p', { class: 'muted', id: 'ops-state' }, 'As of ' + ops.at.slice(0, 19).replace('T', ' ') + ' UTC, '
    + ops.instances.length + (ops.instances.length === 1 ? ' instance.' : ' instances.')));
  const grid = html('div', { class: 'ops-grid' });
  const instanceRows = [];
  for (const i of ops.instances) {
    for (const t of i.threads) {
      instanceRows.push([i.applicationServer ?? 'this instance', i.state + (i.failed ? ' (failed)' : ''), t.name,
        t.activeTasks.map(k => k.id).join(', ') || '—', t.standbyTasks.map(k => k.id).join(', ') || '—']);
    }
  }
  grid.appendChild(section('ops-instances', 'Instances and tasks',
    table('instances', 'Stream threads and their tasks', ['Instance', 'State', 'Thread', 'Active tasks', 'Standby tasks'],
      instanceRows)));
  grid.appendChild(section('ops-lag', 'Lag per input partition',
    table('lag', 'Records and event time behind, per input partition', ['Partition', 'Records', 'Event time behind'],
      ops.lag.map(l => [l.topic + '-' + l.partition, l.records ?? '—', seconds(l.seconds)]), r => ({ partition: r[0] }))));
  const l = ops.latency;
  grid.appendChild(section('ops-flow', 'Throughput and latency',
    table('throughput', 'Throughput and event-to-output latency', ['Figure', 'Value'], [
      ['Records processed per second', (ops.recordsPerSecond ?? 0).toFixed(1)],
      ['Touchpoints timed (event to output)', l.count],
      ['Latency, mean', l.meanMs === null ? '—' : seconds(l.meanMs / 1000)],
      ['Latency, p50 at most', l.p50AtMostMs === null ? 'beyond the histogram' : seconds(l.p50AtMostMs / 1000)],
      ['Latency, p99 at most', l.p99AtMostMs === null ? 'beyond the histogram' : seconds(l.p99AtMostMs / 1000)],
      ['Latency, max', seconds(l.maxMs / 1000)]]),
    html('p', { class: 'muted' }, 'Latency is from a touchpoint\'s event time to its outputs: a replayed history shows its age.')));
  grid.appendChild(section('ops-dead', 'Dead letters by reason',
    table('dead-letters', 'Input records dead-lettered, by reason', ['Reason', 'Records'],
      Object.entries(ops.deadLetters).map(([r, n]) => [r, n]), r => ({ reason: r[0] }))));
  const m = ops.model;
  grid.appendChild(section('ops-model', 'Churn model in force',
    table('model', 'The churn model\'s parameters', ['Parameter', 'Value'], [
      ['Source', m.source], ['Model', m.model ?? '—'], ['Fitted and published', m.publishedAt ?? '—'],
      ...(m.customers !== undefined ? [['Customers fitted', m.customers]] : []),
      ...Object.entries(m.parameters ?? {}).map(([k, v]) => [k, Number.isInteger(v) ? String(v) : Number(v).toPrecision(4)])])));
  const buckets = ['none', ...Array.from({ length: 10 }, (_, i) => '0.' + i)];
  const labels = b => b === 'none' ? 'none' : b + '–' + (b === '0.9' ? '1.0' : '0.' + (+b.slice(2) + 1));
  const bars = buckets.map(b => [labels(b), ops.pAlive[b] ?? 0]);
  const total = bars.reduce((s, b) => s + b[1], 0);
  grid.appendChild(section('ops-alive', 'P(alive) across customers',
    barChart('Customers per tenth of P(alive) at their latest evaluation', bars, 'alive'),
    tableBehindOneClick('P(alive) as a table', table('p-alive', 'Customers per tenth of P(alive)', ['P(alive)', 'Customers'],
      bars, r => ({ bucket: r[0] })), open),
    html('p', { class: 'muted' }, number(total) + ' customers; "none": no purchase yet.')));
  view.appendChild(grid);
}

export const { show, hide } = poller('/console/ops', render, EVERY_MS);
