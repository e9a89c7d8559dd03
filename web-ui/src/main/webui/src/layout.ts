import { h, icon } from './dom';

const KEY = 'podbench.layout';

type PhonePane = 'chat' | 'terminal';
interface Layout { split: number; chatCollapsed: boolean; terminalCollapsed: boolean; phonePane: PhonePane }

function load(): Layout {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Layout>;
    return {
      split: typeof saved.split === 'number' && saved.split > 0.1 && saved.split < 0.9 ? saved.split : 0.4,
      chatCollapsed: saved.chatCollapsed === true,
      terminalCollapsed: saved.terminalCollapsed === true,
      phonePane: saved.phonePane === 'chat' ? 'chat' : 'terminal',
    };
  } catch {
    return { split: 0.4, chatCollapsed: false, terminalCollapsed: false, phonePane: 'terminal' };
  }
}

/**
 * Chat | terminal side by side with a draggable (and keyboard-operable) divider; either pane collapses to a thin
 * bar. The layout is remembered in localStorage. On a narrow screen the panes are shown one at a time, switched
 * by a Chat / Terminal switch above them (CSS hides the split's own controls there).
 */
export class SplitPane {
  readonly element: HTMLElement;
  private readonly layout = load();
  private readonly first: HTMLElement;
  private readonly second: HTMLElement;
  private readonly divider: HTMLElement;
  private readonly switcher: HTMLElement;

  constructor(chat: { title: string; body: HTMLElement }, terminal: { title: string; body: HTMLElement }, private readonly onLayout: () => void) {
    this.first = this.pane('chat', chat.title, chat.body, 'chatCollapsed');
    this.second = this.pane('terminal', terminal.title, terminal.body, 'terminalCollapsed');
    this.divider = h('div', {
      class: 'divider', role: 'separator', tabindex: 0, 'aria-orientation': 'vertical', 'aria-label': 'Resize chat and terminal',
      'aria-valuemin': 10, 'aria-valuemax': 90,
      onpointerdown: (e: PointerEvent) => this.drag(e),
      onkeydown: (e: KeyboardEvent) => this.key(e),
    });
    this.switcher = h('div', { class: 'pane-switch segmented', role: 'group', 'aria-label': 'Show' },
      ...(['chat', 'terminal'] as PhonePane[]).map((p) => h('button', {
        type: 'button', class: 'seg', dataset: { pane: p }, onclick: () => { this.layout.phonePane = p; this.apply(); },
      }, icon(p), p === 'chat' ? 'Chat' : 'Terminal')));
    this.element = h('div', { class: 'split-wrap' }, this.switcher, h('div', { class: 'split' }, this.first, this.divider, this.second));
    this.apply();
  }

  /** Bring a pane into view: on a phone the switch turns to it, on a desktop it is expanded if collapsed. */
  show(pane: PhonePane): void {
    this.layout.phonePane = pane;
    if (pane === 'chat') this.layout.chatCollapsed = false;
    else this.layout.terminalCollapsed = false;
    this.apply();
  }

  private pane(kind: 'chat' | 'terminal', title: string, body: HTMLElement, flag: 'chatCollapsed' | 'terminalCollapsed'): HTMLElement {
    const toggle = h('button', {
      class: 'icon-btn pane-toggle', type: 'button', 'aria-expanded': 'true', title: `Collapse ${title.toLowerCase()}`,
      'aria-label': `Collapse ${title.toLowerCase()}`,
      onclick: () => { this.layout[flag] = !this.layout[flag]; this.apply(); },
    }, icon('collapse'));
    return h('section', { class: `pane pane-${kind}`, 'aria-label': title },
      h('header', { class: 'pane-header' }, icon(kind), h('span', { class: 'pane-title' }, title), h('span', { class: 'spacer' }), toggle),
      h('div', { class: 'pane-body' }, body));
  }

  private apply(): void {
    const { split, chatCollapsed, terminalCollapsed, phonePane } = this.layout;
    this.element.dataset.phonePane = phonePane;
    this.switcher.querySelectorAll<HTMLButtonElement>('[data-pane]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.pane === phonePane)));
    this.first.classList.toggle('collapsed', chatCollapsed);
    this.second.classList.toggle('collapsed', terminalCollapsed);
    for (const [pane, collapsed] of [[this.first, chatCollapsed], [this.second, terminalCollapsed]] as const) {
      const button = pane.querySelector<HTMLButtonElement>('.pane-toggle')!;
      button.setAttribute('aria-expanded', String(!collapsed));
      const title = pane.querySelector('.pane-title')!.textContent!.toLowerCase();
      button.title = `${collapsed ? 'Expand' : 'Collapse'} ${title}`;
      button.setAttribute('aria-label', button.title);
      button.replaceChildren(icon(collapsed ? 'expand' : 'collapse'));
    }
    const both = !chatCollapsed && !terminalCollapsed;
    this.first.style.flex = chatCollapsed ? '0 0 auto' : both ? `${split} 1 0` : '1 1 0';
    this.second.style.flex = terminalCollapsed ? '0 0 auto' : both ? `${1 - split} 1 0` : '1 1 0';
    this.divider.hidden = !both;
    this.divider.setAttribute('aria-valuenow', String(Math.round(split * 100)));
    localStorage.setItem(KEY, JSON.stringify(this.layout));
    this.onLayout();
  }

  private drag(start: PointerEvent): void {
    start.preventDefault();
    const rect = this.divider.parentElement!.getBoundingClientRect();
    this.divider.setPointerCapture(start.pointerId);
    this.element.classList.add('dragging');
    const move = (e: PointerEvent) => {
      this.layout.split = Math.min(0.85, Math.max(0.15, (e.clientX - rect.left) / rect.width));
      this.apply();
    };
    const up = () => {
      this.element.classList.remove('dragging');
      this.divider.removeEventListener('pointermove', move);
      this.divider.removeEventListener('pointerup', up);
    };
    this.divider.addEventListener('pointermove', move);
    this.divider.addEventListener('pointerup', up);
  }

  private key(e: KeyboardEvent): void {
    const step = e.shiftKey ? 0.1 : 0.02;
    if (e.key === 'ArrowLeft') this.layout.split = Math.max(0.15, this.layout.split - step);
    else if (e.key === 'ArrowRight') this.layout.split = Math.min(0.85, this.layout.split + step);
    else return;
    e.preventDefault();
    this.apply();
  }
}
