import { api, describe, type Repository, type Session, type Worktree } from './api';
import { h, clear, icon } from './dom';
import { duration, started, money } from './time';
import { SplitPane } from './layout';
import { TerminalPane } from './terminal';
import { ChatPane } from './chat';

const LIVE = new Set(['starting', 'active']);

/** The session screen: header, End Session, and chat | terminal once the session is active. */
export class SessionView {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private session: Session | null = null;
  private terminal: TerminalPane | null = null;
  private chat: ChatPane | null = null;
  private events: EventSource | null = null;
  private pullRequests = new Map<string, { url: string; number?: number; title?: string; state?: string }>();
  private cost: string | undefined;
  private disposed = false;

  constructor(private readonly id: string, private readonly repositories: () => Repository[], private readonly onChange: () => void) {
    this.header = h('header', { class: 'session-header' });
    this.body = h('div', { class: 'session-body' }, h('div', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' Loading session…'));
    this.element = h('div', { class: 'session-view' }, this.header, this.body);
  }

  async start(): Promise<void> {
    try {
      this.update(await api.session(this.id));
    } catch (e) {
      clear(this.body);
      this.body.append(h('div', { class: 'placeholder error' }, `Cannot open this session: ${describe(e)}`));
      return;
    }
    this.listen();
  }

  dispose(): void {
    this.disposed = true;
    this.events?.close();
    this.terminal?.dispose();
    this.chat?.dispose();
  }

  private listen(): void {
    const events = new EventSource(`/api/sessions/${encodeURIComponent(this.id)}/updates`);
    this.events = events;
    events.addEventListener('session', (e) => {
      const s = JSON.parse((e as MessageEvent).data);
      if (!this.session) return;
      this.update({ ...this.session, state: s.state, branch: s.branch ?? this.session.branch, endedAt: s.endedAt ?? this.session.endedAt,
        failureReason: s.failureReason ?? this.session.failureReason, worktreePath: s.worktreePath ?? this.session.worktreePath });
    });
    events.addEventListener('cost', (e) => {
      this.cost = JSON.parse((e as MessageEvent).data).totalCostUsd;
      this.renderHeader();
    });
    events.addEventListener('pull-request', (e) => {
      const pr = JSON.parse((e as MessageEvent).data);
      if (pr.url) this.pullRequests.set(pr.url, { ...this.pullRequests.get(pr.url), ...pr });
      this.renderHeader();
    });
    // a session still starting: poll too, in case the SSE stream is not there yet
    const poll = async () => {
      if (this.disposed || !this.session || !LIVE.has(this.session.state) || this.session.state === 'active') return;
      try { this.update(await api.session(this.id)); } catch { /* keep trying */ }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }

  private update(session: Session): void {
    const previous = this.session?.state;
    this.session = session;
    if (session.costUsd && this.cost === undefined) this.cost = session.costUsd;
    this.renderHeader();
    if (previous !== session.state) {
      this.renderBody();
      this.onChange();
    }
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
        ...[...this.pullRequests.values()].map((pr) => h('div', {}, h('dt', {}, 'PR'),
          h('dd', {}, h('a', { href: pr.url, target: '_blank', rel: 'noopener' }, pr.number ? `#${pr.number}` : 'pull request', pr.state ? ` · ${pr.state}` : ''))))),
      h('div', { class: 'session-actions' },
        ended ? null : h('button', { class: 'btn btn-danger', type: 'button', disabled: s.state === 'ending', onclick: () => this.confirmEnd() },
          icon('stop'), s.state === 'ending' ? 'Ending…' : 'End Session')));
  }

  private renderBody(): void {
    const s = this.session!;
    if (s.state === 'active' && !this.terminal) {
      this.terminal = new TerminalPane(this.id, () => void this.refresh());
      this.chat = new ChatPane(this.id);
      const split = new SplitPane({ title: 'Chat', body: this.chat.element }, { title: 'Terminal', body: this.terminal.element },
        () => requestAnimationFrame(() => this.terminal?.refit()));
      clear(this.body);
      this.body.append(split.element);
      requestAnimationFrame(() => {
        this.terminal?.start();
        this.chat?.start();
      });
      return;
    }
    if (s.state === 'starting') {
      clear(this.body);
      this.body.append(h('div', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' Preparing the worktree…'));
      return;
    }
    if (s.state === 'ended' || s.state === 'failed' || s.state === 'ending') {
      this.terminal?.dispose();
      this.chat?.dispose();
      this.terminal = null;
      this.chat = null;
      clear(this.body);
      if (s.state === 'ending') {
        this.body.append(h('div', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' Ending the session…'));
      } else if (s.state === 'failed') {
        this.body.append(h('div', { class: 'ended-panel failed' },
          h('h2', {}, 'This session failed to start'),
          h('p', { class: 'reason' }, s.failureReason ?? 'No reason was given.'),
          h('p', {}, h('a', { href: '#/new', class: 'btn' }, 'Start a new session'))));
      } else {
        this.body.append(h('div', { class: 'ended-panel' },
          h('h2', {}, 'Session ended'),
          h('p', {}, 'The worktree was removed. Your commits stay on the branch ', h('code', { class: 'ended-branch' }, s.branch),
            ' in the repository pod; pushed work is on the remote.'),
          h('p', {}, h('a', { href: '#/new', class: 'btn' }, 'Start a new session'))));
      }
    }
  }

  private async refresh(): Promise<void> {
    try { this.update(await api.session(this.id)); } catch { /* the SSE stream will tell */ }
  }

  private async confirmEnd(): Promise<void> {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'end-title' });
    const content = h('div', { class: 'dialog-content' }, h('p', {}, h('span', { class: 'spinner' }), ' Checking the worktree…'));
    const confirm = h('button', { class: 'btn btn-danger', type: 'button', disabled: true }, 'End Session');
    const cancel = h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, 'Cancel');
    dialog.append(h('h2', { id: 'end-title' }, 'End this session?'), content, h('div', { class: 'dialog-actions' }, cancel, confirm));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
    let worktree: Worktree | null = null;
    try {
      worktree = await api.worktree(this.id);
    } catch (e) {
      clear(content);
      content.append(h('p', { class: 'error' }, `Could not read the worktree: ${describe(e)}`));
    }
    if (worktree) {
      clear(content);
      content.append(this.worktreeSummary(worktree));
    }
    confirm.disabled = false;
    confirm.onclick = async () => {
      confirm.disabled = true;
      confirm.textContent = 'Ending…';
      try {
        this.update(await api.endSession(this.id));
        dialog.close();
      } catch (e) {
        content.append(h('p', { class: 'error' }, describe(e)));
        confirm.disabled = false;
        confirm.textContent = 'End Session';
      }
    };
  }

  private worktreeSummary(w: Worktree): HTMLElement {
    const parts = h('div', { class: 'worktree-summary' },
      h('p', {}, 'Ending removes the worktree of ', h('code', {}, w.branch),
        '. Commits stay on the branch; uncommitted changes are lost.'));
    if (w.dirtyFiles.length) {
      parts.append(h('h3', {}, `Uncommitted files (${w.dirtyFiles.length})`),
        h('ul', { class: 'file-list dirty-files' }, ...w.dirtyFiles.map((f) => h('li', {}, h('span', { class: 'file-status' }, f.status), ' ', f.path))));
    }
    if (w.unpushedCommits.length) {
      parts.append(h('h3', {}, `Unpushed commits (${w.unpushedCommits.length})`),
        h('ul', { class: 'file-list unpushed-commits' }, ...w.unpushedCommits.map((c) => h('li', {}, h('code', {}, c.sha.slice(0, 8)), ' ', c.subject))));
    }
    if (!w.dirtyFiles.length && !w.unpushedCommits.length) {
      parts.append(h('p', { class: 'ok' }, 'Nothing uncommitted, nothing unpushed.'));
    }
    return parts;
  }
}
