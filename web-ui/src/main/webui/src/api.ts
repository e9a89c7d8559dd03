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
}

export interface Worktree {
  branch: string; dirtyFiles: { path: string; status: string }[];
  unpushedCommits: { sha: string; subject: string }[]; ahead: number; behind: number; comparedTo?: string;
}

export interface Me { name: string; admin: boolean }

/** The remote's branches (session-service); `truncated` is present (true) only when the list was cut. */
export interface Branches { defaultBranch?: string; branches: string[]; truncated?: boolean }

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly detail?: unknown) { super(message); }
}

/** Set by main.ts: what to do when the login is gone (401 / 499). */
export const auth = { onUnauthenticated: (): void => {} };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
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
  endSession: (id: string) => call<Session>('POST', `/api/sessions/${encodeURIComponent(id)}/end`),
};

export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = error.detail === undefined || error.detail === null ? ''
      : typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail);
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function wsUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}
