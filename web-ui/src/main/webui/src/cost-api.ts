// The cost-service part of the public API (DESIGN.md "Cost"), through the web-ui's origin like the rest of api.ts.
import { ApiError, auth, call } from './api';

/** Money and tokens summed over some usage (money as decimal strings, as the API sends it). */
export interface Spend {
  costUsd: string; turns: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number;
}

export type BudgetScope = 'session' | 'user' | 'repository' | 'global';
export type BudgetPeriod = 'total' | 'day' | 'month';

/** A budget as GET /api/budgets and a session's cost show it; `state`: ok, warning (80 %) or exceeded (100 %). */
export interface Budget {
  budgetId: string; scope: BudgetScope; id?: string; limitUsd: string; period: BudgetPeriod; periodStart?: string;
  spentUsd: string; state: 'ok' | 'warning' | 'exceeded';
}

export interface SessionCost {
  sessionId: string; totalCostUsd: string; turns: number; inputTokens: number; outputTokens: number;
  cacheReadTokens: number; cacheCreationTokens: number; byModel: (Spend & { model?: string })[]; updatedAt?: string; budget?: Budget;
}

/** One agent turn of a session (GET /api/sessions/{id}/cost/turns, newest first). */
export interface Turn {
  turn: number; recordedAt: string; model?: string; costUsd: string;
  inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number;
}

export type Dimension = 'hour' | 'day' | 'week' | 'month' | 'repository' | 'user' | 'model' | 'source' | 'session';

export interface CostRow extends Spend { group: Partial<Record<Dimension, string | null>>; sessions: number }

export interface CostReport { from: string; to: string; groupBy: Dimension[]; totalCostUsd: string; rows: CostRow[] }

/** What GET /api/costs is asked: inclusive local dates in `tz`. */
export interface CostRange { from: string; to: string; tz: string }

/** A budget alert as the session's update stream (`budget`) carries it; amounts are absent for others' budgets. */
export interface BudgetAlert {
  eventType?: string; state?: string; sessionId?: string; spentUsd?: string; thresholdPercent?: number;
  budget?: { budgetId?: string; scope?: BudgetScope; scopeId?: string; period?: BudgetPeriod; limitUsd?: string };
}

const costsQuery = (range: CostRange, groupBy: Dimension[]) =>
  `/api/costs?${new URLSearchParams({ from: range.from, to: range.to, tz: range.tz, groupBy: groupBy.join(',') })}`;

export const costApi = {
  session: (id: string) => call<SessionCost>('GET', `/api/sessions/${encodeURIComponent(id)}/cost`),
  turns: (id: string, limit = 200) =>
    call<{ turns: Turn[]; truncated: boolean }>('GET', `/api/sessions/${encodeURIComponent(id)}/cost/turns?limit=${limit}`),
  costs: (range: CostRange, ...groupBy: Dimension[]) => call<CostReport>('GET', costsQuery(range, groupBy)),
  setBudget: (budget: { scope: BudgetScope; id?: string; limitUsd: string; period: BudgetPeriod }) => call<Budget>('PUT', '/api/budgets', budget),
  /** The same rows as CSV (Accept: text/csv), with the app's login like every call. */
  async csv(range: CostRange, ...groupBy: Dimension[]): Promise<Blob> {
    const response = await fetch(costsQuery(range, groupBy), {
      credentials: 'same-origin', headers: { Accept: 'text/csv', 'X-Requested-With': 'JavaScript' },
    });
    if (response.status === 401 || response.status === 499) {
      auth.onUnauthenticated();
      throw new ApiError(401, 'Not logged in');
    }
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new ApiError(response.status, body.error || `${response.status} ${response.statusText}`, body.detail);
    }
    return response.blob();
  },
};

/** A decimal string as a number for sums and charts (the API's exact strings are shown where nothing is added up). */
export const usd = (value: string | null | undefined): number => {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/** Dollars and cents ($1,234.56, $0.50); under a dollar four places where cents would hide it ($0.0125 a turn). */
export function dollars(value: number): string {
  const wholeCents = Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;
  const digits = Math.abs(value) < 1 && !wholeCents ? 4 : 2;
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const tokens = (n: number): string => n.toLocaleString('en-US');
