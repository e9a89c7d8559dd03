import { type Session, type StartStepTime } from './api';
import { h } from './dom';

/** The start's steps in the order session-service runs them, in words a person reads. */
const STEPS: { step: StartStepTime['step']; label: (s: Session) => (Node | string)[]; during: string }[] = [
  { step: 'pod', label: () => ['Find or start the repository pod'], during: 'while finding or starting the repository pod' },
  { step: 'fetch', label: () => ['Fetch the repository from its remote'], during: 'while fetching the repository from its remote' },
  { step: 'worktree', label: (s) => ['Create the worktree on ', h('code', {}, s.branch)], during: 'while creating the worktree' },
];

type StepStatus = 'done' | 'current' | 'failed' | 'pending';

/** How long a step took (or has taken so far): tenths of a second under ten seconds, else whole seconds. */
export function stepTime(fromIso: string, toIso?: string): string {
  const ms = Math.max(0, (toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso));
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function statusOf(session: Session, step: StartStepTime['step'], reached: StartStepTime | undefined): StepStatus {
  // just created: the first step is about to begin
  if (!reached) return session.state === 'starting' && step === STEPS[0].step && !session.startSteps?.length ? 'current' : 'pending';
  if (reached.finishedAt) return 'done';
  return session.state === 'failed' ? 'failed' : 'current';
}

/**
 * The steps of a session's start: done ✓ with how long each took, the current one with a spinner and its time so
 * far (data-step-since, refreshed by the page), the failed one ✗, the rest pending.
 */
export function startStepList(session: Session): HTMLOListElement {
  const reached = new Map((session.startSteps ?? []).map((s) => [s.step, s]));
  return h('ol', { class: 'start-steps', 'aria-label': 'Start steps' }, ...STEPS.map(({ step, label }) => {
    const time = reached.get(step);
    const status = statusOf(session, step, time);
    const mark = status === 'current' ? h('span', { class: 'spinner', 'aria-hidden': 'true' })
      : h('span', { class: 'step-mark', 'aria-hidden': 'true' }, status === 'done' ? '✓' : status === 'failed' ? '✗' : '○');
    const spoken = { done: 'done', current: 'in progress', failed: 'failed', pending: 'not started' }[status];
    return h('li', { class: `start-step step-${status}`, dataset: { step, status }, 'aria-current': status === 'current' ? 'step' : undefined },
      mark, h('span', { class: 'step-label' }, ...label(session)),
      h('span', { class: 'sr-only' }, ` (${spoken})`),
      time ? h('span', { class: 'step-time', dataset: status === 'current' ? { stepSince: time.startedAt } : {} },
        stepTime(time.startedAt, time.finishedAt ?? (status === 'failed' ? session.endedAt : undefined))) : null);
  }));
}

/** Refreshes the running step's time every second while `list` is in the page. */
export function tickStepTimes(list: HTMLElement): void {
  const timer = setInterval(() => {
    if (!list.isConnected) {
      clearInterval(timer);
      return;
    }
    list.querySelectorAll<HTMLElement>('[data-step-since]').forEach((el) => { el.textContent = stepTime(el.dataset.stepSince!); });
  }, 1000);
}

/** A failed start in plain words: at which step, and why. */
export function failedStartText(session: Session): string {
  const open = (session.startSteps ?? []).find((s) => !s.finishedAt);
  const where = open ? STEPS.find((s) => s.step === open.step)?.during : undefined;
  const reason = session.failureReason?.trim() || 'no reason was given';
  return where ? `The start failed ${where}: ${reason}` : `The start failed: ${reason}`;
}

/** How long each step took, for the Activity tab's "started" line: "pod 0.3 s, fetch 1.2 s, worktree 0.5 s". */
export function stepTimesText(session: Session): string {
  return (session.startSteps ?? []).filter((s) => s.finishedAt)
    .map((s) => `${s.step} ${stepTime(s.startedAt, s.finishedAt)}`).join(', ');
}
