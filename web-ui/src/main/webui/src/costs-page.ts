import { describe, type Session } from './api';
import { costApi, dollars, tokens, usd, type CostRange, type CostReport, type CostRow, type Dimension } from './cost-api';
import type { DailyChart, Series } from './cost-chart';
import { h, clear } from './dom';

/** What the Costs page needs from the app: who looks, and names for repository and session ids. */
export interface CostsPageContext {
  admin: boolean;
  repositoryName(id: string): string | undefined;
  session(id: string): Session | undefined;
}

type Preset = '7' | '30' | '90' | 'custom';
type ChartBy = 'model' | 'source';

/** Re-read while open; every figure comes from a handful of grouped queries of the hourly rollup. */
const REFRESH_MS = 10_000;
const ANOMALY_FACTOR = 3;
const TOP_SESSIONS = 10;
const PRESET_KEY = 'podbench.costs.range';
const CHART_KEY = 'podbench.costs.chartBy';

/**
 * Input price per million tokens by model family (Anthropic's list prices). A cache read is billed at a tenth of
 * the input price, so each cached token saved 90 % of that price. Unknown models are left out of the estimate.
 */
const INPUT_PRICE_PER_MTOK: [RegExp, number][] = [
  [/opus-4-[5-9]|opus-4\.[5-9]/, 5], [/opus/, 15], [/sonnet/, 3], [/haiku-4/, 1], [/haiku-3-5|haiku-3\.5/, 0.8], [/haiku/, 0.25],
];
const CACHE_READ_SHARE_OF_INPUT = 0.1;

export function inputPrice(model: string | null | undefined): number | undefined {
  return model ? INPUT_PRICE_PER_MTOK.find(([pattern]) => pattern.test(model))?.[1] : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysBefore = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() - n);
const parseDate = (s: string) => { const [y, m, d] = s.split('-').map(Number); return new Date(y, m - 1, d); };
const longDate = (s: string) => parseDate(s).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

/** Every day of the range, so a day without spend is an empty bar, not a missing one. */
function daysOf(range: CostRange): string[] {
  const days: string[] = [];
  for (let d = parseDate(range.from); isoDate(d) <= range.to; d = daysBefore(d, -1)) days.push(isoDate(d));
  return days;
}

const plural = (n: number, noun: string) => `${tokens(n)} ${noun}${n === 1 ? '' : 's'}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The Costs page (`#/costs`): tiles, the daily chart, breakdowns, top sessions, anomalies, CSV. Updates while open. */
export function costsPage(context: CostsPageContext): { element: HTMLElement; dispose(): void } {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let preset = (localStorage.getItem(PRESET_KEY) as Preset) || '30';
  let chartBy = (localStorage.getItem(CHART_KEY) as ChartBy) || 'model';
  const today = () => isoDate(new Date());
  const fromInput = h('input', { id: 'costs-from', type: 'date', required: true, value: isoDate(daysBefore(new Date(), 29)) });
  const toInput = h('input', { id: 'costs-to', type: 'date', required: true, value: today() });
  // the custom range as last asked for ("Show"), not as the date fields read while someone types in them
  let custom: CostRange = { from: fromInput.value, to: toInput.value, tz };
  const pickCustom = () => { custom = { from: fromInput.value, to: toInput.value, tz }; };
  const range = (): CostRange => preset === 'custom'
    ? custom
    : { from: isoDate(daysBefore(new Date(), Number(preset) - 1)), to: today(), tz };

  const presetButtons = (['7', '30', '90', 'custom'] as Preset[]).map((p) => h('button', {
    type: 'button', class: 'seg', 'data-range': p, 'aria-pressed': String(p === preset),
    onclick: () => { preset = p; localStorage.setItem(PRESET_KEY, p); if (p === 'custom') pickCustom(); syncControls(); void load(); },
  }, p === 'custom' ? 'Custom' : `${p} days`));
  const customForm = h('form', { class: 'costs-custom inline', onsubmit: (e: Event) => { e.preventDefault(); pickCustom(); void load(); } },
    h('label', { for: 'costs-from' }, 'From'), fromInput, h('label', { for: 'costs-to' }, 'To'), toInput,
    h('button', { class: 'btn', type: 'submit' }, 'Show'));
  const csvButton = h('button', { class: 'btn', type: 'button', onclick: () => void downloadCsv() }, 'Download CSV');
  const status = h('p', { class: 'hint costs-status', role: 'status' }, 'Loading the costs…');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const chartButtons = (['model', 'source'] as ChartBy[]).map((c) => h('button', {
    type: 'button', class: 'seg', 'data-chart-by': c, 'aria-pressed': String(c === chartBy),
    onclick: () => { chartBy = c; localStorage.setItem(CHART_KEY, c); syncControls(); void load(); },
  }, c === 'model' ? 'By model' : 'By source'));
  const canvas = h('canvas', { role: 'img', 'aria-label': 'Daily cost chart' });
  const chartNumbers = h('div', { class: 'table-scroll' });
  // Chart.js is most of the page's weight: a chunk of its own, fetched when the Costs page first opens
  const chartModule = import('./cost-chart');
  let chart: DailyChart | null = null;
  const content = h('div', { class: 'costs-content' });

  const element = h('div', { class: 'page costs-page' }, h('h1', {}, 'Costs'),
    h('div', { class: 'costs-controls' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, ...presetButtons), customForm, h('span', { class: 'spacer' }), csvButton),
    status, error, content);

  const chartCard = h('section', { class: 'card costs-chart', 'aria-labelledby': 'costs-chart-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'costs-chart-title' }, 'Daily cost'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Stack the bars' }, ...chartButtons)),
    h('div', { class: 'chart-box' }, canvas),
    h('details', {}, h('summary', {}, 'The chart\'s numbers'), chartNumbers));

  function syncControls(): void {
    presetButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === preset)));
    chartButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.chartBy === chartBy)));
    customForm.hidden = preset !== 'custom';
  }

  let disposed = false;
  /** What a load is for: a range's figures, and the chart's stacking, which changes the daily report. */
  const viewOf = (r: CostRange) => `${r.from}/${r.to}/${r.tz}/${chartBy}`;
  const rangeText = (r: CostRange) => `${longDate(r.from)} – ${longDate(r.to)}`;
  /** The view whose figures are on the page, if any. */
  let shown: { view: string; range: CostRange } | null = null;
  /** The views being read; a re-read of a view still being read waits for that answer instead of asking again. */
  const reading = new Set<string>();

  /**
   * Loads the selected view. Reads of different views may overlap (a new range does not wait for the old one's
   * answer), and an answer is rendered only while its view is still the selected one: a late answer is dropped.
   */
  async function load(): Promise<void> {
    const r = range();
    if (!r.from || !r.to) { markOutdated(); return; }
    const view = viewOf(r);
    const alreadyReading = reading.has(view);
    reading.add(view);
    markOutdated();
    if (alreadyReading) return;
    try {
      const now = new Date();
      const month: CostRange = { from: isoDate(new Date(now.getFullYear(), now.getMonth(), 1)), to: isoDate(now), tz };
      const [bySource, daily, bySession, byModel, byUser, monthToDate] = await Promise.all([
        costApi.costs(r, 'source'), costApi.costs(r, 'day', chartBy), costApi.costs(r, 'repository', 'session'),
        costApi.costs(r, 'model'), context.admin ? costApi.costs(r, 'user') : Promise.resolve(null), costApi.costs(month, 'source')]);
      if (disposed || view !== viewOf(range())) return;
      error.hidden = true;
      render(r, bySource, daily, bySession, byModel, byUser, monthToDate);
      shown = { view, range: r };
      status.textContent = `${rangeText(r)} (${tz}) · updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (disposed || view !== viewOf(range())) return;
      error.textContent = `The costs for ${rangeText(r)} could not be loaded. ${describe(e)}`;
      error.hidden = false;
      status.textContent = shown && shown.view !== view ? `Still showing ${rangeText(shown.range)}, not the range selected.` : '';
    } finally {
      reading.delete(view);
      if (!disposed) markOutdated();
    }
  }

  /**
   * Figures of another view than the selected one are dimmed and say so; while the selected view loads the
   * content is busy and the status names the range. A re-read of the view on the page changes neither.
   */
  function markOutdated(): void {
    const r = range();
    const view = viewOf(r);
    const loading = reading.has(view) && shown?.view !== view;
    content.classList.toggle('outdated', shown !== null && shown.view !== view);
    if (loading) {
      content.setAttribute('aria-busy', 'true');
      status.textContent = `Loading ${rangeText(r)}…`;
    } else {
      content.removeAttribute('aria-busy');
    }
  }

  function render(r: CostRange, bySource: CostReport, daily: CostReport, bySession: CostReport, byModel: CostReport,
    byUser: CostReport | null, monthToDate: CostReport): void {
    clear(content);
    const total = usd(bySource.totalCostUsd);
    if (!bySource.rows.length) {
      chart?.dispose();
      chart = null;
      content.append(h('div', { class: 'card empty-state costs-empty' },
        h('p', {}, `No agent spend between ${longDate(r.from)} and ${longDate(r.to)}.`),
        h('p', { class: 'hint' }, 'Costs appear here after an agent answers in a session, or when an automation reports a task\'s usage. Pick a longer range to look further back.')));
      return;
    }
    content.append(tiles(total, bySource, byModel, monthToDate), chartCard);
    drawChart(r, daily);
    const sessionRows = bySession.rows.filter((row) => row.group.session);
    const wide = h('div', { class: 'costs-tables' },
      breakdown('By repository', 'repository', groupedBy(sessionRows, (row) => row.group.repository ?? ''), total,
        (id) => id ? context.repositoryName(id) ?? id : 'No repository'),
      context.admin && byUser ? breakdown('By user', 'user', byUser.rows.map((row) => ({ key: row.group.user ?? '', row })), total, (u) => u || 'Unknown user') : null,
      breakdown('By model', 'model', byModel.rows.map((row) => ({ key: row.group.model ?? '', row })), total, (m) => m || 'Unknown model'));
    content.append(wide, topSessions(sessionRows), anomalies(sessionRows));
  }

  function tiles(total: number, bySource: CostReport, byModel: CostReport, monthToDate: CostReport): HTMLElement {
    const source = (s: string) => usd(bySource.rows.find((row) => row.group.source === s)?.costUsd);
    const sessions = source('session');
    const tasks = source('task');
    const share = (part: number) => total > 0 ? `${Math.round((part / total) * 100)} %` : '0 %';
    // forecast: the month's average day so far (today counted as a whole day) times the days in the month
    const now = new Date();
    const daysInMonth = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
    const mtd = usd(monthToDate.totalCostUsd);
    const forecast = (mtd / now.getDate()) * daysInMonth;
    let cacheRead = 0;
    let inputSide = 0;
    let saved = 0;
    let unpriced = 0;
    for (const row of byModel.rows) {
      cacheRead += row.cacheReadTokens;
      inputSide += row.inputTokens + row.cacheReadTokens + row.cacheCreationTokens;
      const price = inputPrice(row.group.model);
      if (price === undefined) unpriced += row.cacheReadTokens;
      else saved += (row.cacheReadTokens / 1_000_000) * price * (1 - CACHE_READ_SHARE_OF_INPUT);
    }
    const tile = (name: string, label: string, value: string, ...notes: (string | HTMLElement)[]) =>
      h('div', { class: 'card cost-tile', dataset: { tile: name } }, h('h2', { class: 'tile-label' }, label), h('p', { class: 'tile-value' }, value),
        ...notes.map((n) => h('p', { class: 'hint' }, n)));
    return h('div', { class: 'costs-tiles' },
      tile('total', 'Total', dollars(total), plural(bySource.rows.reduce((n, row) => n + row.turns, 0), 'turn')),
      tile('sources', 'Sessions vs tasks', `${dollars(sessions)} · ${dollars(tasks)}`, `Sessions ${share(sessions)}, tasks ${share(tasks)}`),
      tile('month', 'Month to date', dollars(mtd), `Forecast for the month: ${dollars(forecast)}`,
        `The month's average day so far (${now.getDate()} of ${daysInMonth} days) times the days in the month.`),
      tile('cache', 'Cache reads', inputSide > 0 ? `${Math.round((cacheRead / inputSide) * 100)} %` : '0 %',
        `of input tokens were read from the cache, saving about ${dollars(saved)}.`,
        `Assumes a cache read costs ${CACHE_READ_SHARE_OF_INPUT * 100} % of the model's input price${unpriced ? `; ${tokens(unpriced)} tokens of unknown models are left out` : ''}.`));
  }

  function drawChart(r: CostRange, daily: CostReport): void {
    const days = daysOf(r);
    const names = [...new Set(daily.rows.map((row) => row.group[chartBy] ?? `unknown ${chartBy}`))];
    const series: Series[] = names.map((name) => ({ label: name, values: days.map(() => 0) }));
    for (const row of daily.rows) {
      const at = days.indexOf(row.group.day ?? '');
      const s = series[names.indexOf(row.group[chartBy] ?? `unknown ${chartBy}`)];
      if (at >= 0 && s) s.values[at] += usd(row.costUsd);
    }
    void chartModule.then(({ DailyChart: Chart }) => {
      if (disposed) return;
      chart ??= new Chart(canvas);
      chart.draw(days, series);
    });
    const peak = days.reduce((best, day, i) => {
      const sum = series.reduce((n, s) => n + s.values[i], 0);
      return sum > best.sum ? { day, sum } : best;
    }, { day: '', sum: 0 });
    canvas.setAttribute('aria-label', `Daily cost ${chartBy === 'model' ? 'by model' : 'by source'}, ${longDate(r.from)} to ${longDate(r.to)}`
      + (peak.day ? `; the most on ${longDate(peak.day)}: ${dollars(peak.sum)}` : '') + '. The numbers are in the table below.');
    clear(chartNumbers);
    const spent = days.map((day, i) => ({ day, i })).filter(({ i }) => series.some((s) => s.values[i] > 0));
    chartNumbers.append(h('table', { class: 'table chart-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), ...series.map((s) => h('th', { scope: 'col' }, s.label)))),
      h('tbody', {}, ...spent.map(({ day, i }) => h('tr', {}, h('th', { scope: 'row' }, day), ...series.map((s) => h('td', { class: 'num' }, dollars(s.values[i]))))))));
  }

  function groupedBy(rows: CostRow[], key: (row: CostRow) => string): { key: string; row: CostRow }[] {
    const sums = new Map<string, CostRow>();
    for (const row of rows) {
      const k = key(row);
      const sum = sums.get(k);
      sums.set(k, sum ? { ...sum, costUsd: String(usd(sum.costUsd) + usd(row.costUsd)), turns: sum.turns + row.turns, sessions: sum.sessions + 1 }
        : { ...row, sessions: 1 });
    }
    return [...sums].map(([k, row]) => ({ key: k, row })).sort((a, b) => usd(b.row.costUsd) - usd(a.row.costUsd));
  }

  function breakdown(title: string, name: Dimension, rows: { key: string; row: CostRow }[], total: number, label: (key: string) => string): HTMLElement {
    return h('section', { class: 'card table-card', 'aria-label': title, dataset: { breakdown: name } }, h('h2', { class: 'table-title' }, title),
      h('table', { class: 'table cost-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, name[0].toUpperCase() + name.slice(1)), h('th', { scope: 'col' }, 'Cost'),
          h('th', { scope: 'col' }, 'Share'), h('th', { scope: 'col' }, 'Sessions'))),
        h('tbody', {}, ...rows.map(({ key, row }) => h('tr', {}, h('td', { class: 'name' }, label(key)), h('td', { class: 'num' }, dollars(usd(row.costUsd))),
          h('td', { class: 'num' }, total > 0 ? `${Math.round((usd(row.costUsd) / total) * 100)} %` : '—'), h('td', { class: 'num' }, tokens(row.sessions)))))));
  }

  function sessionLink(id: string, repositoryId: string | null | undefined): HTMLElement {
    const s = context.session(id);
    const repo = (repositoryId && context.repositoryName(repositoryId)) || (s && context.repositoryName(s.repositoryId)) || 'session';
    return h('a', { href: `#/sessions/${encodeURIComponent(id)}`, dataset: { sessionId: id } }, repo, ' · ', h('code', {}, s?.branch ?? id.slice(0, 8)));
  }

  function topSessions(rows: CostRow[]): HTMLElement {
    const top = [...rows].sort((a, b) => usd(b.costUsd) - usd(a.costUsd)).slice(0, TOP_SESSIONS);
    return h('section', { class: 'card table-card top-sessions', 'aria-label': 'Most expensive sessions' }, h('h2', { class: 'table-title' }, 'Most expensive sessions'),
      h('table', { class: 'table cost-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Session'), h('th', { scope: 'col' }, 'Cost'), h('th', { scope: 'col' }, 'Turns'))),
        h('tbody', {}, ...top.map((row) => h('tr', {}, h('td', { class: 'name' }, sessionLink(row.group.session!, row.group.repository)),
          h('td', { class: 'num' }, dollars(usd(row.costUsd))), h('td', { class: 'num' }, tokens(row.turns)))))));
  }

  /** A session costing at least three times the median session of its repository (in this range). */
  function anomalies(rows: CostRow[]): HTMLElement {
    const byRepository = new Map<string, CostRow[]>();
    for (const row of rows) byRepository.set(row.group.repository ?? '', [...(byRepository.get(row.group.repository ?? '') ?? []), row]);
    const found: { row: CostRow; median: number }[] = [];
    for (const sessions of byRepository.values()) {
      const m = median(sessions.map((row) => usd(row.costUsd)));
      for (const row of sessions) if (m > 0 && usd(row.costUsd) >= ANOMALY_FACTOR * m) found.push({ row, median: m });
    }
    found.sort((a, b) => usd(b.row.costUsd) / b.median - usd(a.row.costUsd) / a.median);
    return h('section', { class: 'card anomalies', 'aria-labelledby': 'costs-anomalies-title' }, h('h2', { id: 'costs-anomalies-title' }, 'Anomalies'),
      found.length ? h('ul', { class: 'anomaly-list' }, ...found.map(({ row, median: m }) => h('li', { dataset: { sessionId: row.group.session! } },
        sessionLink(row.group.session!, row.group.repository),
        ` cost ${dollars(usd(row.costUsd))}: ${(usd(row.costUsd) / m).toFixed(1)}× the median session of its repository (${dollars(m)}).`)))
        : h('p', { class: 'hint' }, `No session cost ${ANOMALY_FACTOR}× or more than its repository's median session in this range.`));
  }

  async function downloadCsv(): Promise<void> {
    const r = range();
    csvButton.disabled = true;
    try {
      const blob = await costApi.csv(r, 'day', 'session');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `podbench-costs-${r.from}-to-${r.to}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      error.textContent = `The CSV could not be downloaded. ${describe(e)}`;
      error.hidden = false;
    } finally {
      csvButton.disabled = false;
    }
  }

  syncControls();
  void load();
  const timer = setInterval(() => { if (document.visibilityState === 'visible') void load(); }, REFRESH_MS);
  return {
    element,
    dispose() {
      disposed = true;
      clearInterval(timer);
      chart?.dispose();
    },
  };
}
