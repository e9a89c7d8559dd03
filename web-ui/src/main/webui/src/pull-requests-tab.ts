import { api, describe, type PullRequest, type Session } from './api';
import { h, clear } from './dom';
import { started } from './time';
import type { SessionTab, SessionTabContext } from './session-tabs';
import { CI_WORDS, ago, failingChecksMessage, hostLabel, notifyFailures, pullRequestBadges, pullRequestTitle, worstCheck } from './pull-requests';

const REVIEW_WORDS = {
  approved: 'approved',
  changes_requested: 'changes requested',
  review_required: 'review required',
  none: 'no review asked',
} as const;

const MERGEABLE_WORDS = { mergeable: 'can be merged', conflicting: 'has conflicts', unknown: 'being checked by the host' } as const;

/** While the tab shows: freshness words every few seconds, and a read now and then (checkedAt moves without events). */
const TICK_MS = 5_000;
const REREAD_MS = 30_000;
/** Live events come in bursts (detected, then updated): one read after the burst. */
const EVENT_DEBOUNCE_MS = 250;

/** The v1 `pull-request.detected` event: enough for a row before the host has answered. */
interface Detected { url?: string; host?: string; namespace?: string; repository?: string; number?: number }

/**
 * Pull Requests: the session's pull requests with state, CI (failing checks linked), review, mergeability and how
 * fresh that is, live over the session's `pull-request` events. Also feeds the header's count, the CI-failed
 * notification and the sidebar badge. An ended session's list stays readable.
 */
export function pullRequestsTab(context: SessionTabContext): SessionTab {
  const tabLink = `#/sessions/${context.sessionId}/pull-requests`;
  const list = h('ul', { class: 'pr-list', 'aria-label': 'Pull requests' });
  const status = h('p', { class: 'hint pr-status', role: 'status' }, 'Loading the pull requests…');
  const panel = h('div', { class: 'tab-panel pull-requests-panel' }, h('h2', { class: 'sr-only' }, 'Pull requests'), status, list);
  let prs: PullRequest[] = [];
  let session: Session | null = null;
  let reading: Promise<void> | null = null;
  let again = false;
  let debounce = 0;
  let lastRead = 0;
  let disposed = false;

  const render = () => {
    clear(list);
    const live = session?.state === 'active';
    status.textContent = prs.length ? '' : live || session?.state === 'starting'
      ? 'No pull requests yet. A pull request link printed in the terminal or written by the agent (after gh pr create, for example) shows up here.'
      : 'No pull request was opened in this session.';
    for (const pr of prs) list.append(row(pr, live));
    tick();
  };

  const row = (pr: PullRequest, live: boolean): HTMLElement => {
    const state = pr.state ? (pr.state === 'open' && pr.draft ? 'draft' : pr.state) : null;
    const checks = pr.checks;
    const item = h('li', { class: 'pr-row card', dataset: { url: pr.url, state: state ?? 'waiting', ci: checks?.state ?? 'waiting' } },
      h('div', { class: 'pr-head' },
        h('a', { class: 'pr-title', href: pr.url, target: '_blank', rel: 'noopener' }, pullRequestTitle(pr)),
        state ? h('span', { class: `badge pr-state pr-state-${state}` }, state) : null,
        h('span', { class: 'pr-repo' }, pr.repository)));
    if (!state) {
      item.append(h('p', { class: 'hint pr-waiting' }, h('span', { class: 'spinner' }), ` ${pr.url} · waiting for ${hostLabel(pr.host)}…`));
    } else {
      const counts = checks ? [checks.failed && `${checks.failed} failed`, checks.passed && `${checks.passed} passed`,
        checks.pending && `${checks.pending} running`, checks.skipped && `${checks.skipped} skipped`].filter(Boolean).join(', ') : '';
      item.append(h('dl', { class: 'pr-facts' },
        h('div', {}, h('dt', {}, 'CI'), h('dd', { class: `ci ci-${checks?.state ?? 'unknown'}` },
          checks ? CI_WORDS[checks.state] : 'not known yet', counts ? ` (${counts})` : '')),
        h('div', {}, h('dt', {}, 'Review'), h('dd', { class: 'pr-review' }, pr.review
          ? `${REVIEW_WORDS[pr.review.decision]}${pr.review.approvals ? ` · ${pr.review.approvals} approval${pr.review.approvals === 1 ? '' : 's'}` : ''}`
          : 'not known yet')),
        h('div', {}, h('dt', {}, 'Merge'), h('dd', { class: 'pr-mergeable' }, state === 'merged' ? 'merged'
          : pr.mergeable ? MERGEABLE_WORDS[pr.mergeable] : 'not known yet')),
        pr.headBranch ? h('div', {}, h('dt', {}, 'Branch'), h('dd', {}, h('code', {}, pr.headBranch))) : null));
      if (checks?.failing.length) {
        item.append(h('div', { class: 'pr-failing' }, h('h3', {}, 'Failing checks'),
          h('ul', {}, ...checks.failing.map((c) => h('li', {},
            c.url ? h('a', { href: c.url, target: '_blank', rel: 'noopener' }, c.name) : c.name)))));
        if (live) {
          item.append(h('button', { type: 'button', class: 'btn send-to-chat', onclick: () => context.compose(failingChecksMessage(pr)) },
            'Send to chat'));
        }
      }
    }
    item.append(h('p', { class: 'pr-freshness hint', dataset: { checkedAt: pr.checkedAt ?? '' } }));
    if (pr.stale) {
      item.append(h('p', { class: 'pr-stale', role: 'note' },
        `${hostLabel(pr.host)} has not answered since ${started(pr.stale.since)}: ${pr.stale.reason}. What is shown is its last answer.`));
    }
    return item;
  };

  /** Freshness words only: the rows themselves change when a read brings news. */
  const tick = () => {
    panel.querySelectorAll<HTMLElement>('[data-checked-at]').forEach((el) => {
      el.textContent = el.dataset.checkedAt ? `checked ${ago(el.dataset.checkedAt)}` : '';
    });
  };

  const summarise = () => {
    const ci = worstCheck(prs);
    context.setHeaderFact('pull-requests', prs.length ? {
      label: 'Pull requests',
      content: h('a', { href: tabLink, class: `pr-count ci-${ci ?? 'unknown'}` },
        `${prs.length}`, ci ? ` · ${CI_WORDS[ci]}` : ''),
    } : null);
  };

  const read = async (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        const answered = await api.pullRequests(context.sessionId);
        lastRead = Date.now();
        // a URL the live stream announced stays until the service lists it (its detected event came first)
        const announced = prs.filter((p) => !p.state && !answered.some((a) => a.url === p.url));
        prs = [...answered, ...announced];
        render();
        summarise();
        pullRequestBadges.set(context.sessionId, prs);
        notifyFailures(prs, tabLink);
      } catch (e) {
        status.textContent = `The pull requests could not be loaded. ${describe(e)}`;
      }
    })();
    await reading;
    reading = null;
    if (again && !disposed) {
      again = false;
      await read();
    }
  };

  const timer = window.setInterval(() => {
    if (panel.hidden) return;
    tick();
    if (Date.now() - lastRead > REREAD_MS) void read();
  }, TICK_MS);

  return {
    id: 'pull-requests',
    label: 'Pull Requests',
    panel,
    events: ['pull-request'],
    update(s) {
      const first = session === null;
      const liveChanged = session?.state !== s.state;
      session = s;
      if (first) void read();
      else if (liveChanged) render();
    },
    shown() {
      tick();
      if (Date.now() - lastRead > TICK_MS) void read();
    },
    event(_name, data) {
      const detected = data as Detected;
      if (detected.url && detected.number && !prs.some((p) => p.url === detected.url)) {
        // shown at once, before the service has stored it or the host has answered
        prs.push({ url: detected.url, host: detected.host ?? '', number: detected.number,
          repository: detected.namespace && detected.repository ? `${detected.namespace}/${detected.repository}` : detected.repository ?? '' });
        render();
        summarise();
      }
      clearTimeout(debounce);
      debounce = window.setTimeout(() => void read(), EVENT_DEBOUNCE_MS);
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
      clearTimeout(debounce);
    },
  };
}
