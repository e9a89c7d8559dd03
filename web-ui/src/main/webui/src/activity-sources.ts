import { api } from './api';
import { money } from './time';

/**
 * What the Activity tab shows beside session-service's timeline: the session's pull requests (pr-tracker) and its
 * budget warnings (cost-service), as lines in plain words.
 */
export interface ActivityLine { kind: string; at: string; text: string; by?: string }

interface PullRequestSeen { number?: number; title?: string; url?: string; state?: string; detectedAt?: string; checkedAt?: string }
interface BudgetSeen { scope?: string; limitUsd?: string; spentUsd?: string; state?: string }
interface BudgetEvent { eventType?: string; budget?: { scope?: string; limitUsd?: string }; spentUsd?: string; thresholdPercent?: number; at?: string }

const name = (pr: PullRequestSeen) => (pr.number ? `#${pr.number}` : 'a pull request');

/** A pull request's lines: when it was first seen, and when it was noticed merged or closed. */
export function pullRequestLines(pr: PullRequestSeen): ActivityLine[] {
  const lines: ActivityLine[] = [];
  const opened = pr.detectedAt ?? pr.checkedAt;
  if (opened) lines.push({ kind: 'pull-request', at: opened, text: `Pull request ${name(pr)} opened${pr.title ? `: ${pr.title}` : ''}` });
  if (pr.checkedAt && (pr.state === 'merged' || pr.state === 'closed')) {
    lines.push({ kind: `pull-request-${pr.state}`, at: pr.checkedAt,
      text: pr.state === 'merged' ? `Pull request ${name(pr)} merged` : `Pull request ${name(pr)} closed without merging` });
  }
  return lines;
}

function budgetText(exceeded: boolean, scope: string | undefined, limit: string | undefined, spent: string | undefined, percent?: number): string {
  // a repository's or the installation's budget reaches a user without its amounts
  const which = `the ${scope ?? 'session'} budget${limit ? ` of ${money(limit)}` : ''}`;
  if (exceeded) return `Budget exceeded: ${which} is used up${spent ? ` (${money(spent)} spent)` : ''}; the agent takes no new messages`;
  return `Budget warning: ${percent ?? 80} % of ${which} is spent${spent ? ` (${money(spent)})` : ''}`;
}

/** The line of a live `budget` event (warning or exceeded). */
export function budgetEventLine(event: BudgetEvent): ActivityLine | null {
  if (!event.at) return null;
  const exceeded = (event.eventType ?? '').includes('exceeded');
  return { kind: exceeded ? 'budget-exceeded' : 'budget-warning', at: event.at,
    text: budgetText(exceeded, event.budget?.scope, event.budget?.limitUsd, event.spentUsd, event.thresholdPercent) };
}

/** The session's pull requests and its tightest budget's state now; a source that cannot be read is left out. */
export async function otherActivity(sessionId: string): Promise<ActivityLine[]> {
  const [pullRequests, cost] = await Promise.allSettled([api.sessionPullRequests(sessionId), api.sessionCost(sessionId)]);
  const lines: ActivityLine[] = [];
  if (pullRequests.status === 'fulfilled' && Array.isArray(pullRequests.value)) {
    lines.push(...(pullRequests.value as PullRequestSeen[]).flatMap(pullRequestLines));
  }
  if (cost.status === 'fulfilled' && cost.value && typeof cost.value === 'object') {
    // when it was crossed is not kept: the line stands at the session's last spend, which crossed it or came after
    const { budget, updatedAt } = cost.value as { budget?: BudgetSeen; updatedAt?: string };
    if (updatedAt && (budget?.state === 'warning' || budget?.state === 'exceeded')) {
      lines.push({ kind: `budget-${budget.state}`, at: updatedAt,
        text: budgetText(budget.state === 'exceeded', budget.scope, budget.limitUsd, budget.spentUsd) });
    }
  }
  return lines;
}
