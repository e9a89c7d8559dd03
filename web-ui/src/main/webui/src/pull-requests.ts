import { api, type CheckState, type PullRequest } from './api';
import { h } from './dom';

// What the Pull Requests tab, the session header, the CI notification and the sidebar badge share.

/** Worst first: the one state a list of pull requests is summed up by. */
const CI_SEVERITY: CheckState[] = ['failing', 'cancelled', 'pending', 'passing', 'none'];

export const CI_WORDS: Record<CheckState, string> = {
  failing: 'CI failing',
  cancelled: 'CI cancelled',
  pending: 'CI running',
  passing: 'CI passing',
  none: 'no CI',
};

/** The worst CI state among pull requests the host has answered for; null while none has details. */
export function worstCheck(prs: readonly PullRequest[]): CheckState | null {
  const states = new Set(prs.map((pr) => pr.checks?.state).filter((s): s is CheckState => !!s));
  return CI_SEVERITY.find((s) => states.has(s)) ?? null;
}

/** "GitHub" for github.com and Enterprise hosts named so, "GitLab" likewise, else the host as configured. */
export function hostLabel(host: string | undefined): string {
  if (!host) return 'the Git host';
  if (/gitlab/i.test(host)) return 'GitLab';
  if (/github/i.test(host)) return 'GitHub';
  return host;
}

/** "20 s ago", "3 min ago", "2 h ago". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

export function pullRequestTitle(pr: PullRequest): string {
  return `#${pr.number}${pr.title ? ` ${pr.title}` : ''}`;
}

/** The chat message "Send to chat" drafts: which checks fail and where their logs are. */
export function failingChecksMessage(pr: PullRequest): string {
  const checks = pr.checks?.failing ?? [];
  return [`CI is failing on ${pullRequestTitle(pr)} (${pr.url}). Failing checks:`,
    ...checks.map((c) => `- ${c.name}${c.url ? `: ${c.url}` : ''}`),
    'Please find out why and fix it.'].join('\n');
}

const SEEN_FAILURES = 'podbench.prFailuresSeen';
const SEEN_KEPT = 200;

function seenFailures(): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(SEEN_FAILURES) ?? '[]');
    return Array.isArray(saved) ? saved.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

let toasts: HTMLElement | null = null;

/** The page's notification area; polite live region, created once so screen readers hear what lands in it. */
export function notificationArea(): HTMLElement {
  if (!toasts) {
    toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toasts);
  }
  return toasts;
}

/**
 * An in-page notification when a pull request's CI fails, once per head commit: the (url, sha) pairs already told
 * are remembered in localStorage, so neither a later read nor a reload tells it again.
 */
export function notifyFailures(prs: readonly PullRequest[], tabLink: string): void {
  const failing = prs.filter((pr) => pr.checks?.state === 'failing' && pr.headSha);
  if (!failing.length) return;
  const seen = seenFailures();
  const fresh = failing.filter((pr) => !seen.includes(`${pr.url}@${pr.headSha}`));
  if (!fresh.length) return;
  localStorage.setItem(SEEN_FAILURES, JSON.stringify([...seen, ...fresh.map((pr) => `${pr.url}@${pr.headSha}`)].slice(-SEEN_KEPT)));
  const area = notificationArea();
  for (const pr of fresh) {
    const failed = pr.checks?.failed ?? 0;
    const toast = h('div', { class: 'toast toast-failing', dataset: { url: pr.url, sha: pr.headSha ?? '' } },
      h('p', {}, h('strong', {}, 'CI failed'), ` on ${pullRequestTitle(pr)} (${pr.repository}): `,
        `${failed} check${failed === 1 ? '' : 's'} failing.`),
      h('div', { class: 'toast-actions' },
        h('a', { href: tabLink, class: 'btn btn-quiet', onclick: () => toast.remove() }, 'Show pull requests'),
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => toast.remove() }, 'Dismiss')));
    area.append(toast);
  }
}

/**
 * The sidebar's pull request badges: every visible session's pull requests from one `GET /api/pull-requests`
 * (refreshed on a gentle timer), and the open session's as its tab reads them (on its live events).
 */
class PullRequestBadges {
  private readonly bySession = new Map<string, PullRequest[]>();
  private reading = false;
  onChange: () => void = () => {};

  async refresh(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const all = await api.allPullRequests();
      this.bySession.clear();
      for (const pr of all) {
        if (pr.sessionId) this.bySession.set(pr.sessionId, [...(this.bySession.get(pr.sessionId) ?? []), pr]);
      }
      this.onChange();
    } catch {
      // the badges keep their last state; the next tick tries again
    } finally {
      this.reading = false;
    }
  }

  /** The open session's tab read its pull requests: no second request for the same news. */
  set(sessionId: string, prs: PullRequest[]): void {
    this.bySession.set(sessionId, prs);
    this.onChange();
  }

  badge(sessionId: string): HTMLElement | null {
    const prs = this.bySession.get(sessionId);
    if (!prs?.length) return null;
    const ci = worstCheck(prs);
    const words = `${prs.length} pull request${prs.length === 1 ? '' : 's'}${ci ? `, ${CI_WORDS[ci]}` : ''}`;
    return h('span', { class: `pr-badge ci-${ci ?? 'unknown'}`, title: words, dataset: { ci: ci ?? 'unknown' } },
      h('span', { class: 'ci-dot', 'aria-hidden': 'true' }), `${prs.length === 1 ? 'PR' : `${prs.length} PRs`} ${ci ?? 'waiting'}`);
  }
}

export const pullRequestBadges = new PullRequestBadges();
