import { h } from './dom';

export interface Tab { id: string; label: string; panel: HTMLElement }

/**
 * An ARIA tab list: one panel shown at a time, arrow keys / Home / End move between tabs (automatic activation),
 * only the selected tab is in the Tab order. `onSelect` hears every change (click, keys or `select`).
 */
export class TabStrip {
  readonly list: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private current = '';

  constructor(name: string, private readonly tabs: Tab[], private readonly onSelect: (id: string) => void, label: string) {
    this.list = h('div', { class: 'tab-list', role: 'tablist', 'aria-label': label, onkeydown: (e: KeyboardEvent) => this.key(e) });
    for (const tab of tabs) {
      const button = h('button', {
        type: 'button', role: 'tab', class: 'tab', id: `${name}-tab-${tab.id}`, 'aria-controls': `${name}-panel-${tab.id}`,
        'aria-selected': 'false', tabindex: -1, dataset: { tab: tab.id }, onclick: () => this.select(tab.id),
      }, tab.label);
      tab.panel.id = `${name}-panel-${tab.id}`;
      tab.panel.setAttribute('role', 'tabpanel');
      tab.panel.setAttribute('aria-labelledby', button.id);
      tab.panel.hidden = true;
      this.buttons.set(tab.id, button);
      this.list.append(button);
    }
  }

  get selected(): string {
    return this.current;
  }

  select(id: string | undefined): void {
    const target = this.tabs.find((t) => t.id === id) ?? this.tabs[0];
    if (target.id === this.current) return;
    this.current = target.id;
    for (const tab of this.tabs) {
      const on = tab.id === target.id;
      const button = this.buttons.get(tab.id)!;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    }
    this.onSelect(target.id);
  }

  private key(e: KeyboardEvent): void {
    const ids = this.tabs.map((t) => t.id);
    const at = ids.indexOf(this.current);
    const next = e.key === 'ArrowRight' ? (at + 1) % ids.length : e.key === 'ArrowLeft' ? (at - 1 + ids.length) % ids.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    this.select(ids[next]);
    this.buttons.get(ids[next])!.focus();
  }
}
