import './styles.css';
import { api, auth, describe, type Me, type Repository, type Session, type Worktree } from './api';
import { h, clear, icon } from './dom';
import { duration, started, money, startDurationTicker } from './time';
import { SessionView } from './session-view';
import { showError, clearErrors } from './forms';
import { openDialog, unsavedWork } from './worktree';
import { pullRequestBadges } from './pull-requests';
import { costsPage } from './costs-page';

type Filter = 'all' | 'active' | 'ended';
type Scope = 'mine' | 'everyone';
const LIVE_STATES = new Set(['starting', 'active', 'ending']);
const PHONE = window.matchMedia('(max-width: 820px)');
const LAST_REPOSITORY = 'podbench.lastRepository';

const state = {
  me: null as Me | null,
  repositories: [] as Repository[],
  sessions: [] as Session[],
  filter: (localStorage.getItem('podbench.filter') as Filter) || 'all',
  scope: (localStorage.getItem('podbench.scope') as Scope) || 'mine',
  repoFilter: localStorage.getItem('podbench.repoFilter') || '',
  view: null as SessionView | null,
  /** The Costs page re-reads on a timer: stopped when another page shows. */
  costs: null as { dispose(): void } | null,
};

const app = document.getElementById('app')!;
const sessionList = h('ul', { class: 'session-list', 'aria-label': 'Sessions' });
const repoFilterSelect = h('select', { 'aria-label': 'Repository filter', onchange: () => { state.repoFilter = repoFilterSelect.value; localStorage.setItem('podbench.repoFilter', state.repoFilter); renderSessions(); } });
const main = h('main', { class: 'main', id: 'main', tabindex: -1 });
const sidebar = h('aside', { class: 'sidebar', id: 'sidebar', 'aria-label': 'Sessions and pages' });
const backdrop = h('div', { class: 'drawer-backdrop', 'aria-hidden': 'true', onclick: () => closeDrawer() });
const menuButton = h('button', { class: 'icon-btn menu-btn', type: 'button', 'aria-controls': 'sidebar', 'aria-expanded': 'true', 'aria-label': 'Show or hide the sessions', onclick: () => toggleSidebar() }, icon('menu'));
const userBadge = h('span', { class: 'user' });

/** Phone: the sidebar is a drawer over the page. Desktop: the same button collapses it (remembered). */
function toggleSidebar(): void {
  if (PHONE.matches) {
    if (document.body.classList.contains('sidebar-open')) closeDrawer();
    else openDrawer();
  } else {
    const collapsed = !document.body.classList.contains('sidebar-collapsed');
    document.body.classList.toggle('sidebar-collapsed', collapsed);
    localStorage.setItem('podbench.sidebarCollapsed', String(collapsed));
    syncMenuButton();
    state.view?.relayout();
  }
}

function openDrawer(): void {
  document.body.classList.add('sidebar-open');
  syncMenuButton();
  sidebar.querySelector<HTMLElement>('a, button')?.focus();
}

function closeDrawer(): void {
  if (!document.body.classList.contains('sidebar-open')) return;
  document.body.classList.remove('sidebar-open');
  syncMenuButton();
  if (sidebar.contains(document.activeElement)) menuButton.focus();
}

function syncMenuButton(): void {
  const shown = PHONE.matches ? document.body.classList.contains('sidebar-open') : !document.body.classList.contains('sidebar-collapsed');
  menuButton.setAttribute('aria-expanded', String(shown));
  // hidden off-screen on a phone: neither tabbable nor read out while closed
  sidebar.toggleAttribute('inert', PHONE.matches && !shown);
}

function shell(): void {
  const filters = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Session state filter' },
    ...(['all', 'active', 'ended'] as Filter[]).map((f) => h('button', {
      type: 'button', class: 'seg', 'data-filter': f, 'aria-pressed': String(state.filter === f),
      onclick: () => { state.filter = f; localStorage.setItem('podbench.filter', f); renderSessions(); },
    }, f[0].toUpperCase() + f.slice(1))));
  const scope = state.me?.admin ? h('div', { class: 'segmented', role: 'group', 'aria-label': 'Whose sessions' },
    ...(['mine', 'everyone'] as Scope[]).map((s) => h('button', {
      type: 'button', class: 'seg', 'data-scope': s, 'aria-pressed': String(state.scope === s),
      onclick: () => { state.scope = s; localStorage.setItem('podbench.scope', s); renderSessions(); },
    }, s === 'mine' ? 'Mine' : 'Everyone'))) : null;
  sidebar.append(
    h('a', { class: 'btn btn-primary new-session', href: '#/new' }, icon('plus'), 'New Session'),
    h('div', { class: 'sidebar-section' }, h('h2', {}, 'Sessions'), scope, filters, repoFilterSelect),
    sessionList,
    h('nav', { class: 'sidebar-footer', 'aria-label': 'Pages' }, h('a', { href: '#/repositories', class: 'nav-link' }, icon('repo'), 'Repositories'),
    h('a', { href: '#/costs', class: 'nav-link' }, icon('cost'), 'Costs')));
  const topbar = h('header', { class: 'topbar' },
    menuButton,
    h('a', { class: 'brand', href: '#/' }, icon('logo'), 'Podbench'),
    h('span', { class: 'spacer' }),
    userBadge,
    h('a', { class: 'btn btn-quiet', href: '/logout' }, 'Log out'));
  app.append(h('a', { class: 'skip-link', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    topbar, h('div', { class: 'layout' }, sidebar, backdrop, main));
  document.body.classList.toggle('sidebar-collapsed', localStorage.getItem('podbench.sidebarCollapsed') === 'true');
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && document.body.classList.contains('sidebar-open')) closeDrawer(); });
  PHONE.addEventListener('change', () => { closeDrawer(); syncMenuButton(); });
  syncMenuButton();
}

/** Live sessions first (newest first), then the others by when they ended: an order that does not jump around. */
function sidebarOrder(a: Session, b: Session): number {
  const live = Number(LIVE_STATES.has(b.state)) - Number(LIVE_STATES.has(a.state));
  if (live) return live;
  const key = (s: Session) => (LIVE_STATES.has(s.state) ? s.createdAt : s.endedAt ?? s.createdAt);
  return key(b).localeCompare(key(a)) || a.id.localeCompare(b.id);
}

function visibleSessions(): Session[] {
  const mine = !state.me?.admin || state.scope === 'mine';
  return state.sessions.filter((s) => !mine || s.owner === state.me?.name);
}

function renderSessions(): void {
  sidebar.querySelectorAll<HTMLButtonElement>('[data-filter]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.filter === state.filter)));
  sidebar.querySelectorAll<HTMLButtonElement>('[data-scope]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.scope === state.scope)));
  clear(repoFilterSelect);
  repoFilterSelect.append(h('option', { value: '' }, 'All repositories'), ...state.repositories.map((r) => h('option', { value: r.id }, r.name)));
  repoFilterSelect.value = state.repositories.some((r) => r.id === state.repoFilter) ? state.repoFilter : '';
  const current = location.hash.match(/^#\/sessions\/([^/]+)/)?.[1];
  const candidates = visibleSessions();
  const shown = candidates.filter((s) =>
    (state.filter === 'all' || (state.filter === 'active') === LIVE_STATES.has(s.state))
    && (!repoFilterSelect.value || s.repositoryId === repoFilterSelect.value)).sort(sidebarOrder);
  clear(sessionList);
  if (!shown.length) {
    sessionList.append(h('li', { class: 'empty' }, candidates.length ? 'No sessions match.' : 'No sessions yet.'));
  }
  const others = state.me?.admin && state.scope === 'everyone';
  for (const s of shown) {
    const repo = state.repositories.find((r) => r.id === s.repositoryId);
    sessionList.append(h('li', {},
      h('a', { class: `session-item${s.id === current ? ' current' : ''}${LIVE_STATES.has(s.state) ? ' live' : ''}`, href: `#/sessions/${s.id}`, 'aria-current': s.id === current ? 'page' : undefined, dataset: { sessionId: s.id } },
        h('div', { class: 'row' }, h('span', { class: 'repo-name' }, repo?.name ?? 'repository'), h('span', { class: `badge state-${s.state}` }, s.state)),
        h('div', { class: 'row branch-row' }, icon('branch'), h('span', {}, s.branch), pullRequestBadges.badge(s.id)),
        h('div', { class: 'row meta' }, h('span', {}, started(s.createdAt), others && s.owner !== state.me?.name ? ` · ${s.owner}` : ''),
          h('span', { class: 'cost', title: 'Agent cost' }, money(s.costUsd)),
          h('span', { class: 'duration', dataset: { since: s.createdAt, until: s.endedAt ?? '' } }, duration(s.createdAt, s.endedAt))))));
  }
}

async function refresh(): Promise<void> {
  try {
    const [repositories, sessions] = await Promise.all([api.repositories(), api.sessions()]);
    state.repositories = repositories;
    state.sessions = sessions;
    renderSessions();
  } catch (e) {
    console.warn('refresh failed', e);
  }
}

function page(title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

function newSessionPage(): HTMLElement {
  if (!state.repositories.length) {
    return page('New session', h('div', { class: 'card empty-state' }, h('p', {}, 'Add a repository first.'),
      h('a', { class: 'btn btn-primary', href: '#/repositories' }, icon('plus'), 'Add repository')));
  }
  const repoSelect = h('select', { id: 'ns-repo', required: true, name: 'repositoryId' },
    ...state.repositories.map((r) => h('option', { value: r.id }, `${r.name}`)));
  const last = localStorage.getItem(LAST_REPOSITORY);
  if (last && state.repositories.some((r) => r.id === last)) repoSelect.value = last;
  const branchSuggestions = h('datalist', { id: 'ns-branches' });
  const hint = h('p', { class: 'hint', id: 'ns-branch-hint' });
  const status = h('p', { class: 'branch-status', id: 'ns-branch-status', 'aria-live': 'polite' });
  const branch = h('input', { id: 'ns-branch', name: 'branch', list: 'ns-branches', placeholder: 'leave empty for a new branch', autocomplete: 'off', spellcheck: false,
    'aria-describedby': 'ns-branch-hint ns-branch-status', dataset: { describedby: 'ns-branch-hint ns-branch-status' } });
  let remote: string[] | null = null;
  let known: string[] = [];
  const describeBranch = () => {
    const repo = state.repositories.find((r) => r.id === repoSelect.value);
    const base = `origin/${repo?.defaultBranch ?? 'default'}`;
    const name = branch.value.trim();
    let text: string;
    let kind: string;
    const holder = state.sessions.find((s) => s.repositoryId === repoSelect.value && s.branch === name && LIVE_STATES.has(s.state));
    status.replaceChildren();
    if (holder) {
      status.dataset.kind = 'busy';
      status.append(`'${name}' is in use by a live session: it cannot be started twice. `,
        h('a', { href: `#/sessions/${encodeURIComponent(holder.id)}` }, 'Open that session'));
      return;
    }
    if (!name) {
      kind = 'generated';
      text = `A new branch podbench/${state.me?.name ?? 'you'}/… will be created from ${base}.`;
    } else if (remote?.includes(name)) {
      kind = 'remote';
      text = `'${name}' exists on the remote: it will be checked out.`;
    } else if (known.includes(name)) {
      kind = 'local';
      text = `'${name}' exists in the repository (an earlier session's branch): it will be checked out.`;
    } else if (remote) {
      kind = 'new';
      text = `'${name}' exists nowhere yet: it will be created from ${base}.`;
    } else {
      kind = 'unknown';
      text = `The remote's branches could not be listed: '${name}' is checked out if it exists, else created from ${base}.`;
    }
    status.textContent = text;
    status.dataset.kind = kind;
  };
  const suggest = () => {
    const repositoryId = repoSelect.value;
    const repo = state.repositories.find((r) => r.id === repositoryId);
    known = [repo?.defaultBranch ?? '', ...state.sessions.filter((s) => s.repositoryId === repositoryId).map((s) => s.branch)].filter(Boolean);
    remote = null;
    const offer = (branches: string[]) => {
      clear(branchSuggestions);
      new Set(branches).forEach((b) => b && branchSuggestions.append(h('option', { value: b })));
    };
    offer(known);
    branchSuggestions.removeAttribute('data-loaded');
    if (repositoryId) {
      // the remote's branches; unreachable remote or no such endpoint: the local suggestions stay, free text works
      api.branches(repositoryId).then((listed) => {
        if (repoSelect.value !== repositoryId) return;
        remote = listed.branches;
        offer([...listed.branches, ...known]);
        branchSuggestions.setAttribute('data-loaded', listed.truncated ? 'truncated' : 'all');
        describeBranch();
      }).catch(() => {
        if (repoSelect.value === repositoryId) branchSuggestions.setAttribute('data-loaded', 'failed');
        describeBranch();
      });
    }
    hint.textContent = 'Optional: a branch that exists (e.g. a pull request\'s) is checked out; a new name is created.';
    describeBranch();
  };
  repoSelect.addEventListener('change', suggest);
  branch.addEventListener('input', describeBranch);
  const error = h('p', { class: 'error form-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, 'Start');
  const fields = { repositoryId: repoSelect, branch };
  const form = h('form', {
    class: 'card form', onsubmit: async (e: Event) => {
      e.preventDefault();
      clearErrors(error, fields);
      submit.disabled = true;
      submit.textContent = 'Starting…';
      try {
        const session = await api.startSession(repoSelect.value, branch.value.trim() || undefined);
        localStorage.setItem(LAST_REPOSITORY, repoSelect.value);
        await refresh();
        location.hash = `#/sessions/${session.id}`;
      } catch (err) {
        showError(error, err, fields, 'The session could not start:');
        submit.disabled = false;
        submit.textContent = 'Start';
      }
    },
  },
  h('label', { for: 'ns-repo' }, 'Repository'),
  h('div', { class: 'inline' }, repoSelect, h('a', { href: '#/repositories', class: 'btn btn-quiet' }, icon('plus'), 'Add repository')),
  h('label', { for: 'ns-branch' }, 'Branch ', h('span', { class: 'optional' }, '(optional)')),
  branch, branchSuggestions, hint, status, error,
  h('div', { class: 'form-actions' }, submit));
  suggest();
  return page('New session', form);
}

function repositoriesPage(): HTMLElement {
  const list = h('div', { class: 'card table-card' });
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  const renderList = () => {
    clear(list);
    if (!state.repositories.length) {
      list.append(h('p', { class: 'empty' }, 'No repositories yet.'));
      return;
    }
    const cell = (label: string, attrs: Record<string, unknown>, ...content: (Node | string)[]) => h('td', { ...attrs, 'data-label': label }, ...content);
    list.append(h('table', { class: 'table repo-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Clone URL'), h('th', {}, 'Default branch'), h('th', {}, 'Image'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, ...state.repositories.map((r) => h('tr', { dataset: { repositoryId: r.id } },
        cell('Name', { class: 'strong' }, r.name), cell('Clone URL', { class: 'mono' }, r.cloneUrl), cell('Default branch', {}, r.defaultBranch ?? '—'),
        cell('Image', { class: 'mono' }, r.image ?? 'default'),
        h('td', { class: 'actions' }, h('button', {
          class: 'btn btn-quiet btn-danger-text', type: 'button', 'aria-label': `Remove ${r.name}`,
          onclick: () => confirmRemove(r, async () => { await refresh(); renderList(); showNotice(`Removed ${r.name}.`); }),
        }, icon('trash'), 'Remove')))))));
  };
  const showNotice = (text: string, ...extra: (Node | string)[]) => { notice.replaceChildren(text, ...extra); notice.hidden = false; };
  renderList();
  const field = (id: string, label: string, attrs: Record<string, unknown> = {}) => {
    const input = h('input', { id, name: id, autocomplete: 'off', spellcheck: false, ...attrs });
    return { input, el: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
  };
  const name = field('repo-name', 'Name', { required: true, placeholder: 'my-service' });
  const url = field('repo-url', 'Clone URL', { required: true, placeholder: 'https://github.com/org/repo.git', inputmode: 'url' });
  const branch = field('repo-branch', 'Default branch', { placeholder: 'asked from the remote when empty' });
  const image = field('repo-image', 'Image', { placeholder: 'the default workspace image' });
  const fields = { name: name.input, cloneUrl: url.input, defaultBranch: branch.input, image: image.input };
  const error = h('p', { class: 'error form-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, icon('plus'), 'Add repository');
  const form = h('form', {
    class: 'card form grid-form', novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      clearErrors(error, fields);
      notice.hidden = true;
      submit.disabled = true;
      try {
        const added = await api.addRepository({ name: name.input.value.trim(), cloneUrl: url.input.value.trim(),
          defaultBranch: branch.input.value.trim() || undefined, image: image.input.value.trim() || undefined });
        (e.target as HTMLFormElement).reset();
        await refresh();
        renderList();
        localStorage.setItem(LAST_REPOSITORY, added.id);
        showNotice(`Added ${added.name}.`, ' ', h('a', { href: '#/new' }, 'Start a session on it'));
      } catch (err) {
        showError(error, err, fields, 'The repository was not added:');
      } finally {
        submit.disabled = false;
      }
    },
  }, h('h2', {}, 'Add a repository'), name.el, url.el, branch.el, image.el, error, h('div', { class: 'form-actions' }, submit));
  return page('Repositories', notice, list, form);
}

/** Remove a repository: its live sessions (and what ending them would lose) are listed before anything happens. */
function confirmRemove(repo: Repository, removed: () => Promise<void>): void {
  const live = state.sessions.filter((s) => s.repositoryId === repo.id && LIVE_STATES.has(s.state));
  const content = h('div', { class: 'dialog-content' },
    h('p', {}, live.length ? `Removing ${repo.name} ends its ${live.length} live session${live.length > 1 ? 's' : ''}; their uncommitted work is lost. Branches and commits stay in the remote they were pushed to.`
      : `${repo.name} has no live session. Ended sessions keep their history.`));
  const sessions = h('ul', { class: 'live-sessions' });
  if (live.length) content.append(sessions);
  const confirm = h('button', { class: 'btn btn-danger', type: 'button' }, 'Remove repository');
  const dialog = openDialog('remove', `Remove ${repo.name}?`, content, confirm);
  for (const s of live) {
    const item = h('li', { dataset: { sessionId: s.id } },
      h('div', { class: 'live-session-title' }, icon('branch'), h('code', {}, s.branch), ` · ${s.owner} · ${s.state}`),
      h('p', { class: 'hint' }, h('span', { class: 'spinner' }), ' Checking its worktree…'));
    sessions.append(item);
    api.worktree(s.id).then((w: Worktree) => item.lastElementChild!.replaceWith(...unsavedWork(w)))
      .catch((e) => item.lastElementChild!.replaceWith(h('p', { class: 'error' }, `Its worktree could not be read. ${describe(e)}`)));
  }
  confirm.onclick = async () => {
    confirm.disabled = true;
    confirm.textContent = 'Removing…';
    try {
      await api.removeRepository(repo.id);
      dialog.close();
      await removed();
    } catch (e) {
      content.append(h('p', { class: 'error', role: 'alert' }, describe(e)));
      confirm.disabled = false;
      confirm.textContent = 'Remove repository';
    }
  };
}

function homePage(): HTMLElement {
  const live = visibleSessions().filter((s) => LIVE_STATES.has(s.state)).sort(sidebarOrder);
  const repoName = (s: Session) => state.repositories.find((r) => r.id === s.repositoryId)?.name ?? 'repository';
  return page('Welcome' + (state.me ? `, ${state.me.name}` : ''),
    h('div', { class: 'card empty-state' },
      h('p', {}, live.length ? `You have ${live.length} live session${live.length > 1 ? 's' : ''}:` : 'Start a session: a terminal and a coding agent side by side, in a fresh worktree of your repository.'),
      live.length ? h('ul', { class: 'home-sessions' }, ...live.map((s) => h('li', {}, h('a', { href: `#/sessions/${s.id}` }, repoName(s), ' · ', h('code', {}, s.branch)),
        ' ', h('span', { class: 'cost', title: 'Agent cost' }, money(s.costUsd))))) : null,
      h('div', { class: 'inline' }, h('a', { class: 'btn btn-primary', href: '#/new' }, icon('plus'), 'New Session'), h('a', { class: 'btn', href: '#/repositories' }, icon('repo'), 'Repositories'))));
}

function route(): void {
  closeDrawer();
  const hash = location.hash || '#/';
  const session = hash.match(/^#\/sessions\/([^/]+)(?:\/([a-z-]+))?$/);
  if (session && state.view?.id === decodeURIComponent(session[1])) {
    state.view.select(session[2]);
    renderSessions();
    return;
  }
  state.view?.dispose();
  state.view = null;
  state.costs?.dispose();
  state.costs = null;
  clear(main);
  document.body.dataset.screen = session ? 'session' : hash.slice(2) || 'home';
  if (session) {
    const view = new SessionView(decodeURIComponent(session[1]), session[2], () => state.repositories, () => void refresh());
    state.view = view;
    main.append(view.element);
    void view.start();
  } else if (hash === '#/new') {
    main.append(newSessionPage());
  } else if (hash === '#/repositories') {
    main.append(repositoriesPage());
  } else if (hash === '#/costs') {
    const costs = costsPage({
      admin: !!state.me?.admin,
      repositoryName: (id) => state.repositories.find((r) => r.id === id)?.name,
      session: (id) => state.sessions.find((s) => s.id === id),
    });
    state.costs = costs;
    main.append(costs.element);
  } else {
    main.append(homePage());
  }
  renderSessions();
}

function loginRequired(): void {
  state.view?.dispose();
  clear(app);
  document.body.dataset.screen = 'login';
  app.append(h('main', { class: 'login-required card', role: 'alert' },
    h('h1', {}, icon('logo'), 'Podbench'),
    h('p', {}, 'You are not logged in, or your login has expired.'),
    h('p', { class: 'hint' }, 'On this machine: open the link printed by ', h('code', {}, 'podbench up'), ' (also in ', h('code', {}, '$PODBENCH_HOME/token'), ').'),
    h('a', { class: 'btn btn-primary', href: '/' }, 'Try again')));
}

async function boot(): Promise<void> {
  auth.onUnauthenticated = loginRequired;
  try {
    state.me = await api.me();
  } catch {
    loginRequired();
    return;
  }
  shell();
  userBadge.textContent = state.me.name + (state.me.admin ? ' (admin)' : '');
  await refresh();
  window.addEventListener('hashchange', route);
  route();
  startDurationTicker();
  // the open session's new total (SSE) shows in its sidebar row at once, not at the next poll
  window.addEventListener('podbench:session-cost', (e) => {
    const { sessionId, totalCostUsd } = (e as CustomEvent<{ sessionId: string; totalCostUsd: string }>).detail;
    const session = state.sessions.find((s) => s.id === sessionId);
    if (session && totalCostUsd !== undefined) { session.costUsd = totalCostUsd; renderSessions(); }
  });
  setInterval(() => { if (document.visibilityState === 'visible') void refresh(); }, 5000);
  // one request for every session's pull requests; gentler than the sessions (the open session's come live)
  pullRequestBadges.onChange = renderSessions;
  void pullRequestBadges.refresh();
  setInterval(() => { if (document.visibilityState === 'visible') void pullRequestBadges.refresh(); }, 30_000);
}

void boot();
