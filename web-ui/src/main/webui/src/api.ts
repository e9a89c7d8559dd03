// The dashboard's view of the public API (DESIGN.md), all through the web-ui's own origin.

export interface Repository {
  id: string; name: string; cloneUrl: string; defaultBranch?: string; image?: string;
  createdBy?: string; createdAt?: string;
}

export type SessionState = 'starting' | 'active' | 'ending' | 'ended' | 'failed';

export interface Session {
  id: string; repositoryId: string; branch: string; baseRef?: string; state: SessionState; owner: string;
  pod?: string; worktreePath?: string; createdAt: string; startedAt?: string; endedAt?: string;
  costUsd?: string; failureReason?: string; endReason?: string;
  /** How far the start got (session-service): the step without finishedAt runs, or failed. */
  startSteps?: StartStepTime[];
}

export interface StartStepTime { step: 'pod' | 'fetch' | 'worktree'; startedAt: string; finishedAt?: string }

export interface Worktree {
  branch: string; dirtyFiles: { path: string; status: string }[];
  unpushedCommits: { sha: string; subject: string }[]; ahead: number; behind: number; comparedTo?: string;
}

/** One entry of a session's timeline (session-service, oldest first). */
export interface TimelineEntry {
  kind: 'created' | 'started' | 'idle-warning' | 'ended' | 'failed'; at: string; by?: string;
  detail?: Record<string, string>;
}

/** A page of the stored chat (chat-gateway). */
export interface ChatHistoryPage { events: { seq: number; event: { kind: string; [key: string]: unknown } }[]; lastSeq: number; hasMore: boolean }

export interface Me { name: string; admin: boolean }

/** A pull request of a session (pr-tracker). Before the host's first answer only url, host, repository and number. */
export interface PullRequest {
  sessionId?: string; url: string; host: string; repository: string; number: number; title?: string | null;
  state?: 'open' | 'closed' | 'merged' | null; draft?: boolean | null; headBranch?: string | null; headSha?: string | null;
  checks?: { state: CheckState; passed: number; failed: number; pending: number; skipped: number; failing: { name: string; url?: string | null }[] } | null;
  review?: { decision: 'approved' | 'changes_requested' | 'review_required' | 'none'; approvals: number } | null;
  mergeable?: 'mergeable' | 'conflicting' | 'unknown' | null; checkedAt?: string | null; stale?: { since: string; reason: string } | null;
}

export type CheckState = 'none' | 'pending' | 'passing' | 'failing' | 'cancelled';

/** The remote's branches (session-service); `truncated` is present (true) only when the list was cut. */
export interface Branches { defaultBranch?: string; branches: string[]; truncated?: boolean }

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly detail?: unknown) { super(message); }
}

/** Set by main.ts: what to do when the login is gone (401 / 499). */
export const auth = { onUnauthenticated: (): void => {} };

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      // production (OIDC code flow): an expired session answers 499 instead of redirecting a fetch
      'X-Requested-With': 'JavaScript',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401 || response.status === 499) {
    auth.onUnauthenticated();
    throw new ApiError(401, 'Not logged in');
  }
  const text = await response.text();
  const json = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = json && typeof json === 'object' ? (json as { error?: string; detail?: unknown }) : {};
    throw new ApiError(response.status, error.error || `${response.status} ${response.statusText}`, error.detail);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  repositories: () => call<Repository[]>('GET', '/api/repositories'),
  addRepository: (r: { name: string; cloneUrl: string; defaultBranch?: string; image?: string }) =>
    call<Repository>('POST', '/api/repositories', r),
  removeRepository: (id: string) => call<void>('DELETE', `/api/repositories/${encodeURIComponent(id)}`),
  branches: (repositoryId: string) => call<Branches>('GET', `/api/repositories/${encodeURIComponent(repositoryId)}/branches`),
  sessions: () => call<Session[]>('GET', '/api/sessions?size=100'),
  session: (id: string) => call<Session>('GET', `/api/sessions/${encodeURIComponent(id)}`),
  startSession: (repositoryId: string, branch?: string) =>
    call<Session>('POST', '/api/sessions', branch ? { repositoryId, branch } : { repositoryId }),
  worktree: (id: string) => call<Worktree>('GET', `/api/sessions/${encodeURIComponent(id)}/worktree`),
  timeline: (id: string) => call<TimelineEntry[]>('GET', `/api/sessions/${encodeURIComponent(id)}/timeline`),
  chatEvents: (id: string, afterSeq: number) =>
    call<ChatHistoryPage>('GET', `/api/sessions/${encodeURIComponent(id)}/chat/events?afterSeq=${afterSeq}&limit=100`),
  pullRequests: (id: string) => call<PullRequest[]>('GET', `/api/sessions/${encodeURIComponent(id)}/pull-requests`),
  allPullRequests: () => call<PullRequest[]>('GET', '/api/pull-requests'),
  endSession: (id: string) => call<Session>('POST', `/api/sessions/${encodeURIComponent(id)}/end`),
  // the Activity tab's other sources (pr-tracker, cost-service), read as loosely typed lines
  sessionPullRequests: (id: string) => call<unknown[]>('GET', `/api/sessions/${encodeURIComponent(id)}/pull-requests`),
  sessionCost: (id: string) => call<unknown>('GET', `/api/sessions/${encodeURIComponent(id)}/cost`),
};

/** A refusal explained for a person: the sentence, the form field it is about, the session that holds a branch. */
export interface Explained { text: string; field?: string; sessionId?: string; branch?: string }

/** Turns any failure into plain words; `{"error","detail"}` bodies never reach the page as JSON. */
export function explain(error: unknown): Explained {
  if (!(error instanceof ApiError)) {
    const text = error instanceof Error ? error.message : String(error);
    return { text: /fetch|network/i.test(text) ? 'Podbench could not be reached. Check your connection and try again.' : sentence(text) };
  }
  const detail = error.detail && typeof error.detail === 'object' ? (error.detail as Record<string, unknown>) : {};
  const sessionId = typeof detail.sessionId === 'string' ? detail.sessionId : undefined;
  const branch = typeof detail.branch === 'string' ? detail.branch : undefined;
  // a branch held by another session names no field, but it is the branch field's problem
  const field = typeof detail.field === 'string' ? detail.field : branch !== undefined ? 'branch' : undefined;
  let text = sentence(error.message);
  if (/unreachable|could not be reached/i.test(error.message)) {
    // git's last line ("and the repository exists.") says nothing on its own: say what to check instead
    text = 'The repository could not be reached. Check the clone URL and that this machine may read it'
      + ' (a local repository works as file:///absolute/path/to/repo.git).';
  } else if (typeof error.detail === 'string' && error.detail.trim()) {
    text = sentence(`${error.message.trim().replace(/[.]$/, '')}: ${error.detail.trim()}`);
  } else if (error.status >= 500 && !error.message) {
    text = 'Something went wrong on the server. Try again in a moment.';
  }
  return { text, field, sessionId, branch };
}

/** The plain sentence of a failure (see explain). */
export function describe(error: unknown): string {
  return explain(error).text;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'Something went wrong.';
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

export function wsUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}
