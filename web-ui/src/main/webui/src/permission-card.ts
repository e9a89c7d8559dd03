import { h } from './dom';
import { lineDiff, plural, renderDiff } from './diff';
import { isPermissionMode, MODE_STATUS } from './permission-mode';

type Json = Record<string, unknown>;

/** What a card needs from the chat pane. */
export type CardHost = {
  /** Sends a frame on the chat socket; false when it is not connected. */
  send(frame: object): boolean;
  /** Esc in a card: back to the message box (the question stays open). */
  leave(): void;
  /** A card was shown or decided: whether the chat waits for the person may have changed ({@link PermissionCards.waiting}). */
  waitingChanged(): void;
};

type Pending = { card: HTMLElement; tool: string; summary: string; note: HTMLElement; controls: HTMLFieldSetElement; answering: boolean };

const WRITE_PREVIEW_LINES = 12;

/**
 * The agent's questions in the chat (`permission_request`): one card per pending request saying what the agent
 * wants to do — the command, the file and its content, or a diff — with Allow / Allow for this session / Deny (an
 * optional reason); `AskUserQuestion` offers its options instead. The card turns into a one-line record when the
 * `permission_decision` arrives, whichever tab (or rule, or timeout) answered. Requests are keyed by their id: a
 * request replayed after a reconnect is shown once.
 */
export class PermissionCards {
  private readonly pending = new Map<string, Pending>();
  private readonly decided = new Set<string>();
  private nextId = 0;

  /** `readOnly`: an ended session's transcript — requests are shown as records, nothing can be answered. */
  constructor(private readonly host: CardHost, private readonly readOnly: boolean) {}

  /** A new card for the request, or null when it is already shown or answered. */
  request(event: Json): HTMLElement | null {
    const requestId = text(event.requestId);
    if (!requestId || this.pending.has(requestId) || this.decided.has(requestId)) return null;
    const tool = text(event.tool) || 'a tool';
    const input = record(event.input) ?? {};
    const summary = summarize(tool, input);
    if (this.readOnly) {
      const line = recordLine(summary, 'Not answered', 'none');
      line.dataset.requestId = requestId;
      this.pending.set(requestId, { card: line, tool, summary, note: line, controls: h('fieldset'), answering: false });
      return line;
    }
    const titleId = `permission-${++this.nextId}`;
    const note = h('p', { class: 'permission-note', role: 'status' });
    const controls = h('fieldset', { class: 'permission-controls' });
    const card = h('section', {
      class: 'chat-item permission-card', tabindex: -1, 'aria-labelledby': titleId,
      dataset: { requestId, tool },
      onkeydown: (e: KeyboardEvent) => { if (e.key === 'Escape' && !e.defaultPrevented) { e.preventDefault(); this.host.leave(); } },
    });
    const entry: Pending = { card, tool, summary, note, controls, answering: false };
    const answer = (frame: Json) => this.answer(requestId, entry, frame);
    if (tool === 'AskUserQuestion') {
      card.classList.add('permission-question');
      card.append(h('h3', { class: 'permission-title', id: titleId }, 'The agent asks you'));
      controls.append(...questionControls(input, answer), denyControls('Don\'t answer', 'Tell the agent why (optional)', answer));
    } else {
      card.append(h('h3', { class: 'permission-title', id: titleId }, title(tool, input)), ...details(tool, input));
      controls.append(allowControls(record(event) ?? {}, answer), denyControls('Deny', 'Reason (optional)', answer));
    }
    card.append(controls, note, h('p', { class: 'permission-keys hint' }, 'Tab to choose · Esc goes back to the message box'));
    this.pending.set(requestId, entry);
    this.host.waitingChanged();
    return card;
  }

  /** Whether a question is open for the person to answer (a read-only transcript asks nothing). */
  get waiting(): boolean {
    return !this.readOnly && this.pending.size > 0;
  }

  /**
   * Closes the request's card into a one-line record, or returns a record line to append when no card showed the
   * request (a rule answered it before it was shown, or a transcript page began after it).
   */
  decision(event: Json): HTMLElement | null {
    const requestId = text(event.requestId);
    if (!requestId || this.decided.has(requestId)) return null;
    this.decided.add(requestId);
    const entry = this.pending.get(requestId);
    if (this.pending.delete(requestId) && !this.readOnly) this.host.waitingChanged();
    const decision = text(event.decision);
    const words = decisionWords(decision, text(event.by), text(event.rule), text(event.message), entry?.tool ?? '');
    const line = recordLine(entry?.summary ?? 'The agent\'s request', words, decision);
    line.dataset.requestId = requestId;
    if (!entry) return line;
    const hadFocus = entry.card.contains(document.activeElement);
    entry.card.replaceWith(line);
    if (hadFocus) line.focus();
    return null;
  }

  /**
   * An error frame: shown in the card whose answer was on its way (named by `requestId` when the frame has one),
   * whose controls come back. False when no card was waiting for it.
   */
  refused(message: string, requestId: string): boolean {
    let taken = false;
    for (const [id, entry] of this.pending) {
      if (!entry.answering || (requestId && id !== requestId)) continue;
      entry.answering = false;
      entry.controls.disabled = false;
      entry.note.textContent = message;
      entry.note.classList.add('error');
      taken = true;
    }
    return taken;
  }

  /** After a reconnect an answer in flight may have been lost: its card can be answered again. */
  reconnected(): void {
    for (const entry of this.pending.values()) {
      if (!entry.answering) continue;
      entry.answering = false;
      entry.controls.disabled = false;
      entry.note.textContent = 'The connection dropped while your answer was sent: answer again if this is still open.';
    }
  }

  private answer(requestId: string, entry: Pending, frame: Json): void {
    if (entry.answering) return;
    entry.note.classList.remove('error');
    if (!this.host.send({ type: 'permission', requestId, ...frame })) {
      entry.note.textContent = 'Not connected: answer again once the chat is back.';
      entry.note.classList.add('error');
      return;
    }
    entry.answering = true;
    entry.card.focus();
    entry.controls.disabled = true;
    entry.note.textContent = 'Sending your answer…';
  }
}

/**
 * An error frame in words: a known code said for a person (the gateway's message may name a setting or a field),
 * otherwise the gateway's message, otherwise the code spelled out.
 */
export function chatErrorWords(code: string, message: string): string {
  const known: Record<string, string> = {
    unknown_request: 'That question is no longer open: it was answered or withdrawn.',
    already_answered: 'That question was already answered.',
    bypass_not_allowed: 'Running everything without asking is not allowed on this installation.',
  };
  if (known[code]) return known[code];
  if (message && !message.trim().startsWith('{')) return message;
  return code ? `The chat refused that (${code.replace(/_/g, ' ')}).` : 'The chat refused that.';
}

function allowControls(event: Json, answer: (frame: Json) => void): HTMLElement {
  const rules = suggestionWords(event.suggestions);
  const allow = h('button', { class: 'btn btn-primary', type: 'button', onclick: () => answer({ decision: 'allow' }) }, 'Allow');
  const allowSession = rules
    ? h('button', { class: 'btn permission-allow-session', type: 'button', onclick: () => answer({ decision: 'allow_session' }) },
      'Allow for this session', ' ', h('span', { class: 'permission-rule' }, rules))
    : null;
  return h('div', { class: 'permission-actions' }, allow, allowSession);
}

function denyControls(label: string, placeholder: string, answer: (frame: Json) => void): HTMLElement {
  const reason = h('input', { class: 'permission-reason', type: 'text', placeholder, 'aria-label': placeholder, maxlength: 500 });
  const deny = () => {
    const message = reason.value.trim();
    answer(message ? { decision: 'deny', message } : { decision: 'deny' });
  };
  reason.addEventListener('keydown', (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      deny();
    } else if (e.key === 'Escape' && reason.value) {
      e.preventDefault();
      reason.value = '';
    }
  });
  return h('div', { class: 'permission-deny' }, reason,
    h('button', { class: 'btn btn-danger', type: 'button', onclick: deny }, label));
}

/**
 * AskUserQuestion: each question with its options. One single-choice question answers with a click; otherwise
 * the choices are marked (buttons pressed, or checkboxes for multiSelect) and sent with Submit.
 */
function questionControls(input: Json, answer: (frame: Json) => void): HTMLElement[] {
  const questions = list(input.questions).map(record).filter((q): q is Json => q !== undefined && text(q.question) !== '');
  const chosen = new Map<string, string[]>();
  const instant = questions.length === 1 && questions[0].multiSelect !== true;
  const submitNote = h('span', { class: 'hint' });
  const submit = () => {
    const missing = questions.find((q) => !(chosen.get(text(q.question))?.length));
    if (missing) {
      submitNote.textContent = `Choose an answer to “${text(missing.question)}” first.`;
      return;
    }
    answer({ decision: 'allow', answers: Object.fromEntries(questions.map((q) => [text(q.question), chosen.get(text(q.question))!.join(', ')])) });
  };
  const fieldsets = questions.map((q) => {
    const question = text(q.question);
    const options = list(q.options).map(record).filter((o): o is Json => o !== undefined && text(o.label) !== '');
    const legend = h('legend', { class: 'question-text' },
      text(q.header) ? h('span', { class: 'question-header' }, text(q.header)) : null, text(q.header) ? ' ' : null, question);
    if (q.multiSelect === true) {
      return h('fieldset', { class: 'question' }, legend, ...options.map((o) => h('label', { class: 'question-option question-check' },
        h('input', {
          type: 'checkbox', value: text(o.label), onchange: (e: Event) => {
            const box = e.target as HTMLInputElement;
            const now = (chosen.get(question) ?? []).filter((l) => l !== box.value);
            chosen.set(question, box.checked ? [...now, box.value] : now);
          },
        }),
        h('span', {}, h('span', { class: 'option-label' }, text(o.label)), optionDescription(o)))));
    }
    const buttons = options.map((o) => h('button', {
      class: 'btn question-option', type: 'button', 'aria-pressed': instant ? undefined : 'false',
      onclick: (e: Event) => {
        chosen.set(question, [text(o.label)]);
        if (instant) {
          submit();
          return;
        }
        for (const b of buttons) b.setAttribute('aria-pressed', String(b === e.currentTarget));
      },
    }, h('span', { class: 'option-label' }, text(o.label)), optionDescription(o)));
    return h('fieldset', { class: 'question' }, legend, ...buttons);
  });
  if (instant) return fieldsets;
  return [...fieldsets, h('div', { class: 'permission-actions' },
    h('button', { class: 'btn btn-primary', type: 'button', onclick: submit }, 'Submit'), submitNote)];
}

function optionDescription(option: Json): HTMLElement | null {
  // the space keeps label and description apart in the accessible name
  return text(option.description) ? h('span', { class: 'option-description' }, ' ', text(option.description)) : null;
}

function title(tool: string, input: Json): string {
  switch (tool) {
    case 'Bash': return 'The agent wants to run a command';
    case 'Write': return 'The agent wants to write a file';
    case 'Edit':
    case 'MultiEdit': return 'The agent wants to change a file';
    case 'Read': return 'The agent wants to read a file';
    case 'WebFetch': return 'The agent wants to open a web page';
    case 'ExitPlanMode': return 'The agent has a plan and wants to start';
    default: return text(input.file_path) ? `The agent wants to use ${tool} on a file` : `The agent wants to use ${tool}`;
  }
}

/** What the agent wants to do, shown for a person: the command, the file and its content, or the change. */
function details(tool: string, input: Json): HTMLElement[] {
  const path = text(input.file_path);
  const file = path ? h('p', { class: 'permission-file' }, 'File ', h('code', {}, path)) : null;
  switch (tool) {
    case 'Bash':
      return present([
        text(input.description) ? h('p', { class: 'permission-description' }, text(input.description)) : null,
        h('pre', { class: 'permission-command' }, h('code', {}, text(input.command))),
      ]);
    case 'Write': {
      const lines = text(input.content).split('\n');
      const shown = lines.slice(0, WRITE_PREVIEW_LINES).join('\n');
      return present([file,
        h('p', { class: 'hint' }, `New content, ${plural(lines.length, 'line')}${lines.length > WRITE_PREVIEW_LINES ? `; the first ${WRITE_PREVIEW_LINES} shown` : ''}:`),
        h('pre', { class: 'permission-content', tabindex: 0, 'aria-label': `Content of ${path}` }, h('code', {}, shown || ' ')),
      ]);
    }
    case 'Edit':
      return present([file,
        input.replace_all === true ? h('p', { class: 'hint' }, 'Every occurrence in the file is changed.') : null,
        renderDiff(lineDiff(text(input.old_string), text(input.new_string)), `Change to ${path}`),
      ]);
    case 'MultiEdit': {
      const edits = list(input.edits).map(record).filter((e): e is Json => e !== undefined);
      return present([file, ...edits.map((edit, i) => renderDiff(lineDiff(text(edit.old_string), text(edit.new_string)),
        `Change ${i + 1} of ${edits.length} to ${path}`))]);
    }
    case 'ExitPlanMode':
      return [h('pre', { class: 'permission-content', tabindex: 0, 'aria-label': 'The plan' }, text(input.plan))];
    default:
      return present([file, fields(input, ['file_path'])]);
  }
}

/** Any other tool's input as labelled values; nested structures are summarised, never printed as JSON. */
function fields(input: Json, skip: string[]): HTMLElement | null {
  const rows = Object.entries(input).filter(([key]) => !skip.includes(key)).map(([key, value]) => {
    const shown = Array.isArray(value)
      ? value.every((v) => typeof v === 'string') ? value.join(', ') : plural(value.length, 'item')
      : typeof value === 'object' && value !== null ? plural(Object.keys(value).length, 'detail')
        : String(value);
    return [h('dt', {}, key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()), h('dd', {}, shown)];
  });
  return rows.length ? h('dl', { class: 'permission-fields' }, ...rows.flat()) : null;
}

/** One line for the record: what was asked, in words. */
function summarize(tool: string, input: Json): string {
  const path = text(input.file_path);
  switch (tool) {
    case 'Bash': return `Run ${shorten(text(input.command))}`;
    case 'Write': return `Write ${path}`;
    case 'Edit':
    case 'MultiEdit': return `Change ${path}`;
    case 'AskUserQuestion': {
      const first = record(list(input.questions)[0]);
      return first ? `Question: ${shorten(text(first.question))}` : 'A question';
    }
    default: return path ? `${tool} ${path}` : `Use ${tool}`;
  }
}

/** "Allowed by alice", "Denied — no answer", "Allowed by rule Bash(git status)", … (`by` as chat-gateway records it). */
function decisionWords(decision: string, by: string, rule: string, message: string, tool: string): string {
  const question = tool === 'AskUserQuestion';
  const verb = decision === 'deny' ? (question ? 'Not answered' : 'Denied')
    : decision === 'allow_session' ? 'Allowed for this session'
      : question ? 'Answered' : 'Allowed';
  const byRule = rule ? ` ${rule}` : '';
  const who = by === 'timeout' ? `${verb} — no answer`
    : by === 'interrupt' ? `${verb} — interrupted`
      : by === 'agent_stopped' ? `${verb} — the agent stopped`
        : by === 'rule' ? `${verb} by rule${byRule}`
          : by === 'session_rule' ? `${verb} by this session's rule${byRule}`
            : by ? `${verb} by ${by}` : verb;
  const automatic = ['timeout', 'interrupt', 'agent_stopped', 'rule', 'session_rule'].includes(by);
  return message && !automatic ? `${who}: ${message}` : who;
}

/** What "Allow for this session" adds, from the request's suggestions, e.g. "adds Bash(npm test:*)". */
function suggestionWords(suggestions: unknown): string {
  return list(suggestions).map(record).flatMap((s) => {
    if (!s) return [];
    switch (text(s.type)) {
      case 'addRules':
      case 'replaceRules': {
        const rules = list(s.rules).map(record).filter((r): r is Json => r !== undefined)
          .map((r) => text(r.ruleContent) ? `${text(r.toolName)}(${text(r.ruleContent)})` : text(r.toolName));
        return rules.length ? [`${text(s.behavior) === 'deny' ? 'denies' : 'adds'} ${rules.join(', ')}`] : [];
      }
      case 'setMode':
        return isPermissionMode(s.mode) ? [`switches to “${MODE_STATUS[s.mode]}”`] : [];
      case 'addDirectories':
        return [`opens ${list(s.directories).map(text).join(', ')}`];
      default:
        return [];
    }
  }).join('; ');
}

function recordLine(summary: string, words: string, decision: string): HTMLElement {
  return h('p', { class: 'chat-item permission-record', tabindex: -1, dataset: { decision: decision || 'none' } },
    h('span', { class: 'permission-record-what' }, summary), ' · ', h('span', { class: 'permission-record-decision' }, words));
}

function shorten(value: string): string {
  const line = value.split('\n')[0];
  return line.length > 80 || value.includes('\n') ? `${line.slice(0, 80)}…` : line;
}

function present(elements: (HTMLElement | null)[]): HTMLElement[] {
  return elements.filter((e): e is HTMLElement => e !== null);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
