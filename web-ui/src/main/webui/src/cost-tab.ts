import { describe } from './api';
import { costApi, dollars, tokens, usd, type Budget, type SessionCost, type Turn } from './cost-api';
import { h, clear } from './dom';
import { started } from './time';
import type { SessionTab, SessionTabContext } from './session-tabs';

/** Reading again on every `cost` event, but not more often than this (a busy agent reports several turns a second). */
const RELOAD_GAP_MS = 2000;

const PERIOD_TEXT: Record<Budget['period'], string> = { total: 'in total', day: 'per day', month: 'per month' };

/** A phone shows a wide table as cards: each cell under its column's name (CSS `.cards`, `data-label`). */
function asCards(table: HTMLTableElement): HTMLTableElement {
  const names = [...table.tHead!.rows[0].cells].map((c) => c.textContent ?? '');
  for (const row of table.tBodies[0].rows) [...row.cells].forEach((cell, i) => { cell.dataset.label = names[i]; });
  table.classList.add('cards');
  return table;
}

/** "$4.10 of $5.00 per day (82 %)", the budget's state in words. */
export function budgetText(b: Budget): string {
  const share = usd(b.limitUsd) > 0 ? Math.floor((usd(b.spentUsd) / usd(b.limitUsd)) * 100) : 0;
  return `${dollars(usd(b.spentUsd))} of ${dollars(usd(b.limitUsd))} ${PERIOD_TEXT[b.period] ?? ''} (${share} %) — ${b.scope} budget`;
}

/** Cost: the session's total, per model, its tokens, each turn and its budget; live on `cost` events, also once ended. */
export function costTab(context: SessionTabContext): SessionTab {
  const status = h('p', { class: 'hint', role: 'status' }, 'Loading the cost…');
  const body = h('div', { class: 'cost-tab-body' });
  // scrolls on its own: focusable, so a keyboard can scroll it too
  const panel = h('div', { class: 'tab-panel cost-panel', tabindex: 0 }, h('h2', { class: 'sr-only' }, 'Cost'), status, body);
  let loaded = false;
  let loading = false;
  let again = false;
  let lastLoad = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async () => {
    if (loading) { again = true; return; }
    loading = true;
    lastLoad = Date.now();
    try {
      const [cost, turns] = await Promise.all([costApi.session(context.sessionId), costApi.turns(context.sessionId)]);
      render(cost, turns.turns, turns.truncated);
      status.textContent = '';
      loaded = true;
    } catch (e) {
      status.textContent = `The cost could not be loaded. ${describe(e)}`;
    } finally {
      loading = false;
      if (again) { again = false; void load(); }
    }
  };
  const reloadSoon = () => {
    if (panel.hidden) { loaded = false; return; }
    if (timer) return;
    timer = setTimeout(() => { timer = undefined; void load(); }, Math.max(0, lastLoad + RELOAD_GAP_MS - Date.now()));
  };

  const render = (cost: SessionCost, turns: Turn[], truncated: boolean) => {
    clear(body);
    const tile = (label: string, value: string, name: string) =>
      h('div', { class: 'cost-tile', dataset: { tile: name } }, h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, value));
    body.append(h('div', { class: 'cost-tiles' },
      tile('Total', dollars(usd(cost.totalCostUsd)), 'total'),
      tile('Turns', tokens(cost.turns), 'turns'),
      tile('Input tokens', tokens(cost.inputTokens), 'input'),
      tile('Output tokens', tokens(cost.outputTokens), 'output'),
      tile('Cache read', tokens(cost.cacheReadTokens), 'cache-read'),
      tile('Cache creation', tokens(cost.cacheCreationTokens), 'cache-creation')));
    body.append(h('section', { class: 'card cost-budget', 'aria-label': 'Budget' }, h('h3', {}, 'Budget'),
      cost.budget ? h('p', { dataset: { state: cost.budget.state } }, budgetText(cost.budget), cost.budget.state !== 'ok' ? ` · ${cost.budget.state}` : '')
        : h('p', { class: 'hint' }, 'No budget applies to this session.')));
    if (!cost.turns) {
      body.append(h('p', { class: 'card empty-state' }, 'The agent has not spent anything in this session yet. Each chat turn adds its cost here.'));
      return;
    }
    const num = (v: string | number) => h('td', { class: 'num' }, v);
    body.append(h('section', { class: 'card table-card', 'aria-label': 'By model' }, h('h3', { class: 'table-title' }, 'By model'),
      asCards(h('table', { class: 'table cost-table by-model' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col' }, 'Cost'), h('th', { scope: 'col' }, 'Turns'),
          h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col' }, 'Output'), h('th', { scope: 'col' }, 'Cache read'), h('th', { scope: 'col' }, 'Cache creation'))),
        h('tbody', {}, ...cost.byModel.map((m) => h('tr', {}, h('td', {}, m.model ?? 'unknown model'), num(dollars(usd(m.costUsd))), num(tokens(m.turns)),
          num(tokens(m.inputTokens)), num(tokens(m.outputTokens)), num(tokens(m.cacheReadTokens)), num(tokens(m.cacheCreationTokens)))))))));
    body.append(h('section', { class: 'card table-card', 'aria-label': 'Per turn' },
      h('h3', { class: 'table-title' }, 'Per turn', truncated ? h('span', { class: 'hint' }, ` (the latest ${turns.length})`) : null),
      asCards(h('table', { class: 'table cost-table per-turn' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col' }, 'Cost'),
          h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col' }, 'Output'), h('th', { scope: 'col' }, 'Cache read'), h('th', { scope: 'col' }, 'Cache creation'))),
        h('tbody', {}, ...turns.map((t) => h('tr', { dataset: { turn: String(t.turn) } }, num(t.turn), h('td', {}, h('time', { datetime: t.recordedAt }, started(t.recordedAt))),
          h('td', {}, t.model ?? 'unknown model'), num(dollars(usd(t.costUsd))), num(tokens(t.inputTokens)), num(tokens(t.outputTokens)),
          num(tokens(t.cacheReadTokens)), num(tokens(t.cacheCreationTokens)))))))));
  };

  return {
    id: 'cost',
    label: 'Cost',
    panel,
    events: ['cost', 'budget'],
    update() {
      if (!panel.hidden && !loaded) void load();
    },
    shown() {
      if (!loaded) void load();
    },
    event() {
      reloadSoon();
    },
    dispose() {
      clearTimeout(timer);
      loaded = true;
    },
  };
}
