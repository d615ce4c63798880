// Lift: per campaign and variant, and per alert level and action, the customers exposed, their
// conversion and spend per customer within the window after the exposure (event time), with 95 %
// intervals and the difference to the hold-out or control arm (GET /lift: the stream's sums,
// added over the instances; docs/lift.md). A table is the view itself: every number is text.
import { html, table, poller } from './charts.js';

const EVERY_MS = 10000;

function percent(v) {
  return v === null || v === undefined ? '–' : (100 * v).toFixed(2) + ' %';
}

function money(v) {
  return v === null || v === undefined ? '–' : v.toFixed(2);
}

function withInterval(i, format) {
  return i ? `${format(i.estimate)} (${format(i.low)} to ${format(i.high)})` : '–';
}

function points(v) {
  return v === null || v === undefined ? '–' : (v >= 0 ? '+' : '') + (100 * v).toFixed(2) + ' pp';
}

function signedMoney(v) {
  return v === null || v === undefined ? '–' : (v >= 0 ? '+' : '') + v.toFixed(2);
}

export function render(lift) {
  const view = document.getElementById('view-lift');
  view.replaceChildren(html('h2', { id: 'lift-heading' }, 'Lift'));
  if (!lift) {
    view.appendChild(html('p', { class: 'muted', id: 'lift-state' }, 'Loading ...'));
    return;
  }
  if (lift.arms.length === 0) {
    view.appendChild(html('p', { class: 'muted', id: 'lift-state' },
      'No campaign touchpoint or alert counted yet (campaign systems report sends as email DELIVERED, with heldOut for the hold-out).'));
    return;
  }
  view.appendChild(html('p', { class: 'muted', id: 'lift-state' },
    `Within ${lift.windowDays} days of the campaign touchpoint or alert (event time); spend in ${lift.currency}; ` +
    `intervals at ${Math.round(100 * lift.confidence)} %; differences to the arm's control.`));
  const groups = new Map();
  for (const arm of lift.arms) {
    const key = arm.kind + ' ' + arm.subject;
    if (!groups.has(key)) {
      groups.set(key, []);
    }
    groups.get(key).push(arm);
  }
  let n = 0;
  for (const [key, arms] of groups) {
    const rows = arms.map(a => [
      a.variant + (a.heldOut ? ' (held out)' : ''),
      a.customers,
      withInterval(a.conversion, percent),
      withInterval(a.spendPerCustomer, money),
      a.conversionDifference ? withInterval(a.conversionDifference, points) : (a.control === null ? '(control)' : '–'),
      a.spendPerCustomerDifference ? withInterval(a.spendPerCustomerDifference, signedMoney) : (a.control === null ? '(control)' : '–')]);
    view.appendChild(table('lift-table-' + n++, key,
      ['Arm', 'Customers', 'Conversion', 'Spend per customer', 'Conversion vs control', 'Spend per customer vs control'], rows,
      r => ({ arm: r[0] })));
  }
}

export const { show, hide } = poller('/lift', render, EVERY_MS);
