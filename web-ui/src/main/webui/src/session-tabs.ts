import { api, describe, type Session, type TimelineEntry } from './api';
import { h, clear } from './dom';
import { SplitPane } from './layout';
import { TerminalPane } from './terminal';
import { ChatPane } from './chat';
import { started } from './time';
import { pullRequestsTab } from './pull-requests-tab';
import { costTab } from './cost-tab';
import { budgetEventLine, otherActivity, type ActivityLine } from './activity-sources';
import { failedStartText, startStepList, stepTimesText, tickStepTimes } from './start-steps';

/**
 * A tab of the session page. The page builds every registered tab once, keeps hidden ones alive (a terminal keeps
 * its connection while Activity shows) and tells each what happens: the session changed, a tab became visible, an
 * event of the session's live stream (`events`: the SSE event names it wants, e.g. `cost`, `pull-request`).
 * A new tab (Pull Requests, Cost) is one more factory in SESSION_TABS.
 */
export interface SessionTab {
  readonly id: string;
  readonly label: string;
  readonly panel: HTMLElement;
  readonly events?: string[];
  update(session: Session, previous: Session | null): void;
  shown(): void;
  event?(name: string, data: unknown): void;
  /** The page's size changed (sidebar collapsed, window resized). */
  relayout?(): void;
  /** Put a message into the chat input for the person to edit and send; false when this tab has no chat. */
  compose?(text: string): boolean;
  dispose(): void;
}

/** A fact a tab adds to the session header (e.g. the pull request count); null removes it. */
export interface HeaderFact { label: string; content: Node }

export interface SessionTabContext {
  readonly sessionId: string;
  /** Ask the page to read the session again (e.g. the terminal was closed because the session ended). */
  refresh(): void;
  /** Draft a chat message (not sent) and show the chat. */
  compose(text: string): void;
  setHeaderFact(id: string, fact: HeaderFact | null): void;
}

export type SessionTabFactory = (context: SessionTabContext) => SessionTab;

/** Terminal & Chat: today's split while the session is live; its read-only transcript once it has ended. */
export function workspaceTab(context: SessionTabContext): SessionTab {
  const panel = h('div', { class: 'tab-panel workspace-panel' });
  let terminal: TerminalPane | null = null;
  let chat: ChatPane | null = null;
  let split: SplitPane | null = null;
  const stopLive = () => {
    terminal?.dispose();
    chat?.dispose();
    terminal = null;
    chat = null;
    split = null;
  };
  const placeholder = (...content: (Node | string)[]) => h('div', { class: 'placeholder' }, ...content);
  return {
    id: 'workspace',
    label: 'Terminal & Chat',
    panel,
    update(s, previous) {
      const stepsMoved = s.state === 'starting' && JSON.stringify(previous?.startSteps) !== JSON.stringify(s.startSteps);
      if (previous?.state === s.state && panel.firstChild && !stepsMoved) return;
      if (s.state === 'active') {
        if (terminal) return;
        terminal = new TerminalPane(context.sessionId, () => context.refresh());
        chat = new ChatPane(context.sessionId);
        split = new SplitPane({ title: 'Chat', body: chat.element }, { title: 'Terminal', body: terminal.element },
          () => requestAnimationFrame(() => terminal?.refit()));
        clear(panel);
        panel.append(split.element);
        requestAnimationFrame(() => {
          terminal?.start();
          chat?.start();
        });
        return;
      }
      stopLive();
      clear(panel);
      if (s.state === 'starting') {
        const steps = startStepList(s);
        panel.append(placeholder(h('div', { class: 'starting', role: 'status' },
          h('p', {}, 'Starting the session…'), steps)));
        tickStepTimes(steps);
      } else if (s.state === 'ending') {
        panel.append(placeholder(h('span', { class: 'spinner' }), ' Ending the session…'));
      } else if (s.state === 'failed') {
        panel.append(h('div', { class: 'ended-panel failed' },
          h('h2', {}, 'This session failed to start'),
          h('p', { class: 'reason' }, failedStartText(s)),
          s.startSteps?.length ? startStepList(s) : null,
          h('p', {}, h('a', { href: '#/new', class: 'btn' }, 'Start a new session'))));
      } else {
        const transcript = new ChatPane(context.sessionId, true);
        chat = transcript;
        panel.append(h('div', { class: 'ended-layout' },
          h('div', { class: 'ended-panel' },
            h('h2', {}, 'Session ended'),
            h('p', {}, 'The worktree was removed. Your commits stay on the branch ', h('code', { class: 'ended-branch' }, s.branch),
              ' in the repository pod; pushed work is on the remote.'),
            h('p', {}, h('a', { href: '#/new', class: 'btn' }, 'Start a new session'))),
          h('section', { class: 'transcript', 'aria-label': 'Chat transcript' }, transcript.element)));
        transcript.start();
      }
    },
    shown() {
      requestAnimationFrame(() => terminal?.refit());
    },
    relayout() {
      requestAnimationFrame(() => terminal?.refit());
    },
    compose(text) {
      if (!terminal || !chat) return false;
      split?.show('chat');
      chat.draft(text);
      return true;
    },
    dispose: stopLive,
  };
}

const TIMELINE_TEXT: Record<TimelineEntry['kind'], (e: TimelineEntry) => string> = {
  // no baseRef: a branch was named, and whether it existed is only known once the worktree is made
  created: (e) => `Created on ${e.detail?.branch ?? 'its branch'}${e.detail?.baseRef ? ` from ${e.detail.baseRef}` : ''}`,
  started: () => 'Started: the worktree is ready',
  'idle-warning': (e) => `Idle warning: it ends at ${e.detail?.endsAt ? started(e.detail.endsAt) : 'the idle limit'} unless used`,
  ended: (e) => e.detail?.reason === 'idle' ? 'Ended after being idle' : 'Ended',
  failed: (e) => `Failed: ${e.detail?.reason ?? 'no reason given'}`,
};

/** Activity: the session's timeline (created, started with how long each start step took, idle warnings, ended or
 * failed at which step, and by whom), with its pull requests and budget warnings, oldest first. */
export function activityTab(context: SessionTabContext): SessionTab {
  const list = h('ol', { class: 'timeline', 'aria-label': 'Timeline' });
  const status = h('p', { class: 'hint', role: 'status' }, 'Loading the timeline…');
  const panel = h('div', { class: 'tab-panel activity-panel' }, h('h2', { class: 'sr-only' }, 'Activity'), status, list);
  let loaded = false;
  let session: Session | null = null;
  let lines: ActivityLine[] = [];
  // the start's steps (from the session) go with the line that ends the start: how long each took, or where it failed
  const text = (e: TimelineEntry) => {
    if (e.kind === 'started' && session?.startSteps?.length) return `${TIMELINE_TEXT.started(e)} (${stepTimesText(session)})`;
    if (e.kind === 'failed' && session?.state === 'failed') return failedStartText(session);
    return TIMELINE_TEXT[e.kind]?.(e) ?? e.kind;
  };
  const live: ActivityLine[] = [];
  const render = () => {
    clear(list);
    const liveKinds = new Set(live.map((l) => l.kind));
    const shown = [...lines.filter((l) => !liveKinds.has(l.kind) || !l.kind.startsWith('budget')), ...live]
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    status.textContent = shown.length ? '' : 'Nothing has happened yet.';
    for (const l of shown) {
      list.append(h('li', { class: `timeline-entry kind-${l.kind}`, dataset: { kind: l.kind } },
        h('time', { datetime: l.at }, started(l.at)),
        h('span', { class: 'what' }, l.text),
        l.by ? h('span', { class: 'by' }, `by ${l.by}`) : null));
    }
  };
  const load = async () => {
    try {
      const [entries, others] = await Promise.all([api.timeline(context.sessionId), otherActivity(context.sessionId)]);
      lines = [...entries.map((e) => ({ kind: e.kind, at: e.at, by: e.by, text: text(e) })), ...others];
      render();
      loaded = true;
    } catch (e) {
      status.textContent = `The timeline could not be loaded. ${describe(e)}`;
    }
  };
  return {
    id: 'activity',
    label: 'Activity',
    panel,
    events: ['budget', 'pull-request'],
    update(s, previous) {
      session = s;
      // a new state means a new entry; read again when someone is looking
      if (previous && previous.state !== s.state) loaded = false;
      if (!panel.hidden && !loaded) void load();
    },
    shown() {
      if (!loaded) void load();
    },
    event(name, data) {
      if (name === 'budget') {
        const line = budgetEventLine(data as Parameters<typeof budgetEventLine>[0]);
        if (line) live.push(line);
        render();
      } else {
        // a pull request was seen or changed: its lines come from pr-tracker's list
        loaded = false;
        if (!panel.hidden) void load();
      }
    },
    dispose() {
      loaded = true;
    },
  };
}

export const SESSION_TABS: SessionTabFactory[] = [workspaceTab, pullRequestsTab, costTab, activityTab];
