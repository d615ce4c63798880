// The console's views as tabs (the career map, trends, operations, lift), chosen by the address's
// fragment (#map, #trends, #ops, #lift) so each can be linked to; arrow keys move between the tabs.
import './map-edges.js';
import * as trends from './trends.js';
import * as ops from './ops.js';
import * as lift from './lift.js';

const VIEWS = { map: null, trends, ops, lift };

function choose(name, focus) {
  if (!(name in VIEWS)) {
    name = 'map';
  }
  for (const [view, module] of Object.entries(VIEWS)) {
    const selected = view === name;
    const tab = document.getElementById('tab-' + view);
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById('view-' + view).classList.toggle('hidden', !selected);
    if (module) {
      selected ? module.show() : module.hide();
    }
    if (selected && focus) {
      tab.focus();
    }
  }
}

const tabs = [...document.querySelectorAll('#views [role=tab]')];
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => {
    history.replaceState(null, '', '#' + tab.dataset.view);
    choose(tab.dataset.view, false);
  });
  tab.addEventListener('keydown', e => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next !== null) {
      e.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      history.replaceState(null, '', '#' + target.dataset.view);
      choose(target.dataset.view, true);
    }
  });
});
window.addEventListener('hashchange', () => choose(location.hash.slice(1), false));
choose(location.hash.slice(1), false);
