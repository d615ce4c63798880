// The alert feed's filters (level, suggested action, category) and each alert's link to its
// customer's story. Rows are filtered by hiding them, so a filter changed later applies to the rows
// already shown; console.js caps how many rows the page keeps, so the tab does not grow however
// long it stays open.
//
// Category: whether the customer may be contacted — "contactable", or each do-not-contact reason
// the career map gives (OPEN_COMPLAINT, NEGATIVE_SENTIMENT, UNSUBSCRIBED, SPAM_REPORT in the default
// map); an ended alert is its own category ("ended"), as no campaign acts on it.

export const CONTACTABLE = 'contactable';
export const ENDED = 'ended';

const seen = { action: new Set(), category: new Set() };

/** The categories an alert belongs to (one, or one per do-not-contact reason). */
export function categories(alert) {
  if (alert.status === 'ENDED') {
    return [ENDED];
  }
  return alert.doNotContactReasons.length ? alert.doNotContactReasons : [CONTACTABLE];
}

/** Marks a feed row with what the filters read, and links its customer to the customer's story. */
export function decorateAlertRow(row, alert) {
  row.setAttribute('data-action', alert.suggestedAction);
  row.setAttribute('data-categories', ' ' + categories(alert).join(' ') + ' ');
  const cell = row.querySelector('.customer');
  if (cell) {
    const link = document.createElement('a');
    link.href = 'story.html?customer=' + encodeURIComponent(alert.customerId);
    link.textContent = alert.customerId;
    link.setAttribute('aria-label', 'Open the story of customer ' + alert.customerId);
    cell.replaceChildren(link);
  }
  offer('action', alert.suggestedAction);
  categories(alert).forEach(c => offer('category', c));
}

/** Whether a row passes every filter; hides it if not. */
export function applyFeedFilters(row) {
  const level = value('level-filter');
  const action = value('action-filter');
  const category = value('category-filter');
  const shown = (level === '' || row.getAttribute('data-level') === level)
    && (action === '' || row.getAttribute('data-action') === action)
    && (category === '' || (row.getAttribute('data-categories') || '').includes(' ' + category + ' '));
  row.classList.toggle('hidden', !shown);
  return shown;
}

/** Re-applies the filters to every row when one changes, and says how many rows show. */
export function installFeedFilters() {
  for (const id of ['level-filter', 'action-filter', 'category-filter']) {
    const select = document.getElementById(id);
    if (select) {
      select.addEventListener('change', refilter);
    }
  }
}

export function refilter() {
  let shown = 0;
  const rows = document.querySelectorAll('#alerts tbody tr');
  rows.forEach(r => { if (applyFeedFilters(r)) shown++; });
  const count = document.getElementById('feed-count');
  if (count) {
    count.textContent = shown + ' of ' + rows.length + ' alerts shown';
  }
}

function value(id) {
  const select = document.getElementById(id);
  return select ? select.value : '';
}

// A value first seen becomes an option of its filter, in sorted order; the values are the map's
// actions and reasons, a handful, so the lists stay short.
function offer(kind, v) {
  if (!v || seen[kind].has(v)) {
    return;
  }
  seen[kind].add(v);
  const select = document.getElementById(kind + '-filter');
  if (!select) {
    return;
  }
  const option = document.createElement('option');
  option.value = v;
  option.textContent = v;
  const after = [...select.options].slice(1).find(o => o.value > v);
  select.insertBefore(option, after ?? null);
}
