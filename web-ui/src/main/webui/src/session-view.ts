import { api, describe, type Repository, type Session, type Worktree } from './api';
import { h, clear, icon } from './dom';
import { duration, started, money } from './time';
import { TabStrip } from './tabs';
import { SESSION_TABS, type HeaderFact, type SessionTab } from './session-tabs';
import { openDialog, unsavedWork } from './worktree';
import { BudgetBanner } from './budget-banner';

const LIVE = new Set(['starting', 'active']);

/** The session page: header, End Session, and the session's tabs (SESSION_TABS) under it. */
export class SessionView {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private readonly tabs: SessionTab[];
  private readonly strip: TabStrip;
  private session: Session | null = null;
  private events: EventSource | null = null;
  private readonly facts = new Map<string, HeaderFact>();
  private cost: string | undefined;
  private disposed = false;
  private readonly banner: BudgetBanner;

  constructor(readonly id: string, private initialTab: string | undefined, private readonly repositories: () => Repository[], private readonly onChange: () => void) {
    this.header = h('header', { class: 'session-header' });
    this.tabs = SESSION_TABS.map((make) => make({
      sessionId: id,
      refresh: () => void this.refresh(),
      compose: (text) => this.compose(text),
      setHeaderFact: (factId, fact) => {
        if (fact) this.facts.set(factId, fact);
        else this.facts.delete(factId);
        if (this.session) this.renderHeader();
      },
    }));
    this.strip = new TabStrip('session', this.tabs, (tab) => this.selected(tab), 'Session');
    this.body = h('div', { class: 'session-body' }, h('div', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' Loading session…'));
    this.banner = new BudgetBanner(id);
    this.element = h('div', { class: 'session-view' }, this.header, this.banner.element, this.body);
    // chat.ts tells of a refusal; a budget_exceeded one means the agent is paused
    this.element.addEventListener('podbench:chat-error', (e) => {
      const { code, message } = (e as CustomEvent<{ code?: string; message?: string }>).detail;
      if (code === 'budget_exceeded') this.banner.refused(message ?? '');
    });
  }

  async start(): Promise<void> {
    try {
      const session = await api.session(this.id);
      // left before it loaded (another page is shown now): selecting its tab would rewrite the address to this
      // session's, which the pending hashchange then routes to, and listen() would open a stream nobody closes
      if (this.disposed) return;
      clear(this.body);
      this.body.append(this.strip.list, ...this.tabs.map((t) => t.panel));
      this.update(session);
      this.strip.select(this.initialTab);
      void this.banner.load();
    } catch (e) {
      clear(this.body);
      this.body.append(h('div', { class: 'placeholder error' }, `This session cannot be opened. ${describe(e)}`));
      return;
    }
    this.listen();
  }

  /** The URL named a tab (#/sessions/{id}/{tab}); an unknown or missing one is the first. */
  select(tab: string | undefined): void {
    if (this.session) this.strip.select(tab);
    else this.initialTab = tab;
  }

  relayout(): void {
    this.tabs.forEach((t) => t.relayout?.());
  }

  dispose(): void {
    this.disposed = true;
    this.events?.close();
    this.tabs.forEach((t) => t.dispose());
  }

  private selected(tab: string): void {
    const path = tab === this.tabs[0].id ? `#/sessions/${this.id}` : `#/sessions/${this.id}/${tab}`;
    // the address follows the tab (reload and links keep it) without a navigation
    if (location.hash !== path) history.replaceState(null, '', path);
    this.tabs.find((t) => t.id === tab)?.shown();
  }

  private listen(): void {
    const events = new EventSource(`/api/sessions/${encodeURIComponent(this.id)}/updates`);
    this.events = events;
    events.addEventListener('session', (e) => {
      const s = JSON.parse((e as MessageEvent).data);
      if (!this.session) return;
      this.update({ ...this.session, state: s.state, branch: s.branch ?? this.session.branch, endedAt: s.endedAt ?? this.session.endedAt,
        failureReason: s.failureReason ?? this.session.failureReason, worktreePath: s.worktreePath ?? this.session.worktreePath,
        startSteps: s.startSteps ?? this.session.startSteps });
    });
    events.addEventListener('cost', (e) => {
      this.cost = JSON.parse((e as MessageEvent).data).totalCostUsd;
      this.renderHeader();
      // the sidebar's row of this session follows at once (main.ts)
      window.dispatchEvent(new CustomEvent('podbench:session-cost', { detail: { sessionId: this.id, totalCostUsd: this.cost } }));
    });
    events.addEventListener('budget', (e) => this.banner.alert(JSON.parse((e as MessageEvent).data)));
    for (const name of new Set(this.tabs.flatMap((t) => t.events ?? []))) {
      events.addEventListener(name, (e) => {
        const data = JSON.parse((e as MessageEvent).data);
        this.tabs.forEach((t) => { if (t.events?.includes(name)) t.event?.(name, data); });
      });
    }
    // a session still starting: poll too, in case the SSE stream is not there yet
    const poll = async () => {
      if (this.disposed || !this.session || !LIVE.has(this.session.state) || this.session.state === 'active') return;
      try { this.update(await api.session(this.id)); } catch { /* keep trying */ }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }

  private update(session: Session): void {
    const previous = this.session;
    this.session = session;
    this.banner.setSession(session);
    if (session.costUsd && this.cost === undefined) this.cost = session.costUsd;
    this.renderHeader();
    this.tabs.forEach((t) => t.update(session, previous));
    if (previous?.state !== session.state) this.onChange();
  }

  private renderHeader(): void {
    const s = this.session!;
    const repo = this.repositories().find((r) => r.id === s.repositoryId);
    clear(this.header);
    const ended = s.state === 'ended' || s.state === 'failed';
    this.header.append(
      h('div', { class: 'session-title' },
        h('h1', {}, repo?.name ?? 'Repository'),
        h('span', { class: 'branch', title: s.baseRef ? `from ${s.baseRef}` : 'existing branch' }, icon('branch'), s.branch),
        h('span', { class: `badge state-${s.state}` }, s.state)),
      h('dl', { class: 'session-facts' },
        h('div', {}, h('dt', {}, 'Started'), h('dd', {}, started(s.createdAt))),
        h('div', {}, h('dt', {}, 'Duration'), h('dd', { dataset: { since: s.createdAt, until: s.endedAt ?? '' } }, duration(s.createdAt, s.endedAt))),
        h('div', {}, h('dt', {}, 'Cost'), h('dd', {}, money(this.cost ?? s.costUsd))),
        ...[...this.facts].map(([factId, fact]) => h('div', { class: `fact-${factId}` }, h('dt', {}, fact.label), h('dd', {}, fact.content)))),
      h('div', { class: 'session-actions' },
        ended ? null : h('button', { class: 'btn btn-danger', type: 'button', disabled: s.state === 'ending', onclick: () => this.confirmEnd() },
          icon('stop'), s.state === 'ending' ? 'Ending…' : 'End Session')));
  }

  /** A drafted chat message: the tab with the chat takes it and is shown (focus needs it visible first). */
  private compose(text: string): void {
    const workspace = this.tabs.find((t) => t.compose);
    if (!workspace) return;
    const before = this.strip.selected;
    this.strip.select(workspace.id);
    if (!workspace.compose?.(text)) this.strip.select(before);
  }

  private async refresh(): Promise<void> {
    try { this.update(await api.session(this.id)); } catch { /* the SSE stream will tell */ }
  }

  private async confirmEnd(): Promise<void> {
    const content = h('div', { class: 'dialog-content' }, h('p', {}, h('span', { class: 'spinner' }), ' Checking the worktree…'));
    const confirm = h('button', { class: 'btn btn-danger', type: 'button', disabled: true }, 'End Session');
    const dialog = openDialog('end', 'End this session?', content, confirm);
    let worktree: Worktree | null = null;
    try {
      worktree = await api.worktree(this.id);
    } catch (e) {
      clear(content);
      content.append(h('p', { class: 'error' }, `The worktree could not be read. ${describe(e)}`));
    }
    if (worktree) {
      clear(content);
      content.append(h('div', { class: 'worktree-summary' },
        h('p', {}, 'Ending removes the worktree of ', h('code', {}, worktree.branch),
          '. Commits stay on the branch; uncommitted changes are lost.'), ...unsavedWork(worktree)));
    }
    confirm.disabled = false;
    confirm.onclick = async () => {
      confirm.disabled = true;
      confirm.textContent = 'Ending…';
      try {
        this.update(await api.endSession(this.id));
        dialog.close();
      } catch (e) {
        content.append(h('p', { class: 'error', role: 'alert' }, describe(e)));
        confirm.disabled = false;
        confirm.textContent = 'End Session';
      }
    };
  }
}
