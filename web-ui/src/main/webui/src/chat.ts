import { h, clear } from './dom';
import { api, describe, wsUrl } from './api';
import { money } from './time';
import { chatErrorWords, PermissionCards } from './permission-card';
import { PermissionModeControl } from './permission-mode';

type ChatEvent = { kind: string; [key: string]: unknown };
type AgentState = 'starting' | 'idle' | 'working' | 'error' | 'disconnected';

const MODELS = ['sonnet', 'opus', 'haiku'];
const FINAL_CLOSES = new Set([4000, 4401, 4403, 4404]);

/**
 * The chat pane: the session's agent conversation on the chat WebSocket. Every event carries a seq; on (re)connect
 * the pane asks to resume after the last one it has, so a reload or a dropped connection restores the history
 * without gaps or duplicates.
 */
export class ChatPane {
  readonly element: HTMLElement;
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly interruptButton: HTMLButtonElement;
  private readonly statusEl: HTMLElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly thinkingToggle: HTMLInputElement;
  private readonly composerNote: HTMLElement;
  private readonly tools = new Map<string, HTMLDetailsElement>();
  private readonly permissions: PermissionCards;
  private readonly permissionMode: PermissionModeControl;
  private ws: WebSocket | null = null;
  private lastSeq = 0;
  private attempts = 0;
  private retryTimer = 0;
  private stopped = false;
  private state: AgentState = 'disconnected';
  private reason: string | undefined;

  /** `readOnly`: an ended session's transcript, read from the history API; nothing can be sent. */
  constructor(private readonly sessionId: string, private readonly readOnly = false) {
    this.statusEl = h('span', { class: 'chat-status', role: 'status', 'data-state': 'disconnected' }, 'connecting…');
    this.modelSelect = h('select', { class: 'model-picker', 'aria-label': 'Model', onchange: () => this.setModel() },
      ...MODELS.map((m) => h('option', { value: m }, m)));
    this.permissions = new PermissionCards({ send: (frame) => this.sendFrame(frame), leave: () => this.input.focus(),
      waitingChanged: () => this.showStatus() }, readOnly);
    this.permissionMode = new PermissionModeControl((frame) => this.sendFrame(frame));
    this.thinkingToggle = h('input', { type: 'checkbox', onchange: () => this.element.classList.toggle('show-thinking', this.thinkingToggle.checked) });
    const toolbar = h('div', { class: 'chat-toolbar' },
      this.statusEl,
      this.permissionMode.status,
      h('span', { class: 'spacer' }),
      h('label', { class: 'toggle' }, this.thinkingToggle, ' Thinking'),
      readOnly ? null : this.permissionMode.select,
      this.modelSelect);
    this.log = h('div', { class: 'chat-log', role: 'log', 'aria-label': 'Conversation', tabindex: 0 },
      h('div', { class: 'chat-empty' }, 'Ask the agent to do something in this worktree.'));
    this.input = h('textarea', {
      class: 'chat-input', rows: 2, placeholder: 'Message the agent — Enter to send, Shift+Enter for a new line',
      'aria-label': 'Message', onkeydown: (e: KeyboardEvent) => this.onKey(e), oninput: () => this.autosize(),
    });
    this.sendButton = h('button', { class: 'btn btn-primary', type: 'submit', disabled: true }, 'Send');
    this.composerNote = h('p', { class: 'composer-note', id: `chat-note-${sessionId}`, role: 'status' });
    this.input.setAttribute('aria-describedby', this.composerNote.id);
    this.interruptButton = h('button', { class: 'btn btn-danger', type: 'button', hidden: true, onclick: () => this.interrupt() }, 'Interrupt');
    const composer = h('form', { class: 'chat-composer', onsubmit: (e: Event) => { e.preventDefault(); this.sendMessage(); } },
      this.input, h('div', { class: 'composer-actions' }, this.composerNote, this.interruptButton, this.sendButton));
    this.element = h('div', { class: `chat-pane${readOnly ? ' read-only' : ''}` }, toolbar, this.log, readOnly ? null : composer);
    if (readOnly) {
      this.modelSelect.hidden = true;
      clear(this.statusEl);
      this.statusEl.append('Transcript · read-only');
    }
  }

  start(): void {
    if (this.readOnly) void this.loadTranscript();
    else this.connect();
  }

  /** The whole stored conversation, page by page (the ended session's agent is gone; its history is not). */
  private async loadTranscript(): Promise<void> {
    try {
      for (let more = true; more && !this.stopped;) {
        const page = await api.chatEvents(this.sessionId, this.lastSeq);
        for (const stored of page.events) {
          if (stored.seq > this.lastSeq) {
            this.lastSeq = stored.seq;
            this.render(stored.event, stored.seq);
          }
        }
        more = page.hasMore && page.events.length > 0;
      }
      if (!this.lastSeq) this.log.querySelector('.chat-empty')!.textContent = 'Nothing was said in this session\'s chat.';
      this.element.dataset.loaded = 'true';
    } catch (e) {
      this.append(h('div', { class: 'chat-item chat-error' }, `The transcript could not be loaded. ${describe(e)}`));
    }
  }

  focus(): void {
    this.input.focus();
  }

  /** A message for the person to edit and send (nothing is sent); after what they had typed, if anything. */
  draft(text: string): void {
    this.input.value = this.input.value.trim() ? `${this.input.value.trimEnd()}\n\n${text}` : text;
    this.autosize();
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.ws?.close(1000);
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(wsUrl(`/api/sessions/${encodeURIComponent(this.sessionId)}/chat`));
    this.ws = ws;
    ws.onopen = () => {
      this.attempts = 0;
      this.permissions.reconnected();
      ws.send(JSON.stringify({ type: 'resume', afterSeq: this.lastSeq }));
    };
    ws.onmessage = (event) => this.onFrame(String(event.data));
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      if (FINAL_CLOSES.has(event.code)) {
        this.setStatus('disconnected', event.code === 4000 ? 'session ended' : event.reason || `closed (${event.code})`);
        this.input.disabled = true;
        return;
      }
      const delay = Math.min(10_000, 500 * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
      this.attempts++;
      this.setStatus('disconnected', 'reconnecting…');
      this.retryTimer = window.setTimeout(() => this.connect(), delay);
    };
  }

  private onFrame(text: string): void {
    let frame: {
      type: string; seq?: number; event?: ChatEvent; state?: AgentState; reason?: string; model?: string; message?: string;
      code?: string; requestId?: string; permissionMode?: string; bypassAllowed?: boolean;
    };
    try { frame = JSON.parse(text); } catch { return; }
    if (frame.type === 'event' && frame.event && typeof frame.seq === 'number') {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
      this.render(frame.event, frame.seq);
    } else if (frame.type === 'status' && frame.state) {
      if (frame.model) this.showModel(frame.model);
      this.permissionMode.update(frame.permissionMode, frame.bypassAllowed);
      this.setStatus(frame.state, frame.reason);
    } else if (frame.type === 'error') {
      const words = chatErrorWords(frame.code ?? '', frame.message ?? '');
      this.permissionMode.refused();
      if (!this.permissions.refused(words, frame.requestId ?? '')) this.append(h('div', { class: 'chat-item chat-error', role: 'alert' }, words));
      this.element.dispatchEvent(new CustomEvent('podbench:chat-error', { bubbles: true, detail: { code: frame.code, message: frame.message } }));
    }
  }

  private render(event: ChatEvent, seq: number): void {
    const text = typeof event.text === 'string' ? event.text : '';
    switch (event.kind) {
      case 'user':
        this.append(h('div', { class: 'chat-item chat-user', dataset: { seq: String(seq) } }, h('div', { class: 'bubble' }, text)));
        break;
      case 'assistant_text':
        this.append(h('div', { class: 'chat-item chat-assistant' }, h('div', { class: 'bubble' }, text)));
        break;
      case 'thinking':
        this.append(h('div', { class: 'chat-item chat-thinking' }, h('span', { class: 'label' }, 'Thinking'),
          h('div', {}, event.redacted ? '(redacted)' : text)));
        break;
      case 'tool_use': {
        const details = h('details', { class: 'chat-item chat-tool' },
          h('summary', {}, h('span', { class: 'tool-name' }, String(event.tool ?? 'tool')), ' ',
            h('span', { class: 'tool-summary' }, String(event.summary ?? ''))));
        if (typeof event.toolUseId === 'string') this.tools.set(event.toolUseId, details);
        this.append(details);
        break;
      }
      case 'tool_result': {
        const body = h('pre', { class: `tool-result${event.isError ? ' is-error' : ''}` },
          text + (event.truncated ? `\n… (${event.length} characters in all)` : ''));
        const owner = typeof event.toolUseId === 'string' ? this.tools.get(event.toolUseId) : undefined;
        if (owner) {
          owner.append(body);
          if (event.isError) owner.classList.add('is-error');
        } else {
          this.append(h('details', { class: 'chat-item chat-tool' }, h('summary', {}, 'Tool result'), body));
        }
        break;
      }
      case 'result':
        this.append(h('div', { class: 'chat-item chat-meta' },
          `${event.isError ? 'Turn failed' : 'Turn done'} · ${money(String(event.costUsd ?? '0'))} · ${event.numTurns ?? 0} steps · ${Math.round(Number(event.durationMs ?? 0) / 100) / 10}s`));
        break;
      case 'system':
        if (event.model) this.showModel(String(event.model));
        this.append(h('div', { class: 'chat-item chat-meta' }, `Agent ready${event.model ? ` · ${event.model}` : ''}`));
        break;
      case 'interrupted':
        this.append(h('div', { class: 'chat-item chat-meta' }, 'Interrupted'));
        break;
      case 'error':
        this.append(h('div', { class: 'chat-item chat-error' }, String(event.message ?? 'error')));
        break;
      case 'notice':
        this.append(h('div', { class: 'chat-item chat-meta' }, String(event.message ?? '')));
        break;
      case 'permission_request': {
        const card = this.permissions.request(event);
        if (card) {
          this.append(card);
          if (!this.readOnly) card.focus();
        }
        break;
      }
      case 'permission_decision': {
        const line = this.permissions.decision(event);
        if (line) this.append(line);
        break;
      }
      case 'output':
        this.append(h('pre', { class: 'chat-item chat-output' }, text));
        break;
      default:
        break;
    }
  }

  private append(el: HTMLElement): void {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    this.log.querySelector('.chat-empty')?.remove();
    this.log.append(el);
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.sendMessage();
    }
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(200, this.input.scrollHeight)}px`;
  }

  private sendMessage(): void {
    const text = this.input.value;
    if (!text.trim() || this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ type: 'message', text }));
    this.input.value = '';
    this.autosize();
  }

  private interrupt(): void {
    this.sendFrame({ type: 'interrupt' });
  }

  private sendFrame(frame: object): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private setModel(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'set_model', model: this.modelSelect.value }));
  }

  private showModel(model: string): void {
    if (![...this.modelSelect.options].some((o) => o.value === model)) {
      this.modelSelect.append(h('option', { value: model }, model));
    }
    this.modelSelect.value = model;
  }

  private setStatus(state: AgentState, reason?: string): void {
    this.state = state;
    this.reason = reason;
    this.showStatus();
    this.interruptButton.hidden = this.state !== 'working';
    // nothing typed is lost while disconnected: it stays in the box until it can be sent
    const connected = state !== 'disconnected';
    this.sendButton.disabled = !connected;
    this.composerNote.textContent = connected ? '' : reason === 'reconnecting…'
      ? 'Not connected: your message stays here and can be sent once the chat is back.'
      : 'The chat is closed.';
  }

  /** The status line; while a turn is held up by an open permission question, that is what it says. */
  private showStatus(): void {
    const { state, reason } = this;
    const waiting = state === 'working' && this.permissions.waiting;
    this.statusEl.dataset.state = state;
    this.statusEl.toggleAttribute('data-waiting', waiting);
    clear(this.statusEl);
    this.statusEl.append(h('span', { class: 'dot', 'aria-hidden': 'true' }),
      waiting ? 'Waiting for your answer' : reason && state !== 'working' ? `${state} — ${reason}` : state);
  }
}
