import './styles.css';
import { api, auth, describe, type Me, type Repository, type Session } from './api';
import { h, clear, icon } from './dom';
import { duration, started, startDurationTicker } from './time';
import { SessionView } from './session-view';

type Filter = 'all' | 'active' | 'ended';
const LIVE_STATES = new Set(['starting', 'active', 'ending']);

const state = {
  me: null as Me | null,
  repositories: [] as Repository[],
  sessions: [] as Session[],
  filter: (localStorage.getItem('podbench.filter') as Filter) || 'all',
  repoFilter: localStorage.getItem('podbench.repoFilter') || '',
  view: null as SessionView | null,
};

const app = document.getElementById('app')!;
const sessionList = h('ul', { class: 'session-list', 'aria-label': 'Sessions' });
const repoFilterSelect = h('select', { 'aria-label': 'Repository filter', onchange: () => { state.repoFilter = repoFilterSelect.value; localStorage.setItem('podbench.repoFilter', state.repoFilter); renderSessions(); } });
const main = h('main', { class: 'main', id: 'main', tabindex: -1 });
const sidebar = h('aside', { class: 'sidebar', 'aria-label': 'Sessions' });
const userBadge = h('span', { class: 'user' });

function shell(): void {
  const filters = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Session state filter' },
    ...(['all', 'active', 'ended'] as Filter[]).map((f) => h('button', {
      type: 'button', class: 'seg', 'data-filter': f, 'aria-pressed': String(state.filter === f),
      onclick: () => { state.filter = f; localStorage.setItem('podbench.filter', f); renderSessions(); },
    }, f[0].toUpperCase() + f.slice(1))));
  sidebar.append(
    h('a', { class: 'btn btn-primary new-session', href: '#/new' }, icon('plus'), 'New Session'),
    h('div', { class: 'sidebar-section' }, h('h2', {}, 'Sessions'), filters, repoFilterSelect),
    sessionList,
    h('nav', { class: 'sidebar-footer', 'aria-label': 'Pages' }, h('a', { href: '#/repositories', class: 'nav-link' }, icon('repo'), 'Repositories')));
  const topbar = h('header', { class: 'topbar' },
    h('button', { class: 'icon-btn menu-btn', type: 'button', 'aria-label': 'Toggle sessions', onclick: () => document.body.classList.toggle('sidebar-open') }, icon('menu')),
    h('a', { class: 'brand', href: '#/' }, icon('logo'), 'Podbench'),
    h('span', { class: 'spacer' }),
    userBadge,
    h('a', { class: 'btn btn-quiet', href: '/logout' }, 'Log out'));
  app.append(h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'), topbar, h('div', { class: 'layout' }, sidebar, main));
}

function renderSessions(): void {
  sidebar.querySelectorAll<HTMLButtonElement>('[data-filter]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.filter === state.filter)));
  clear(repoFilterSelect);
  repoFilterSelect.append(h('option', { value: '' }, 'All repositories'), ...state.repositories.map((r) => h('option', { value: r.id }, r.name)));
  repoFilterSelect.value = state.repositories.some((r) => r.id === state.repoFilter) ? state.repoFilter : '';
  const current = location.hash.match(/^#\/sessions\/([^/]+)/)?.[1];
  const shown = state.sessions.filter((s) =>
    (state.filter === 'all' || (state.filter === 'active') === LIVE_STATES.has(s.state))
    && (!repoFilterSelect.value || s.repositoryId === repoFilterSelect.value));
  clear(sessionList);
  if (!shown.length) {
    sessionList.append(h('li', { class: 'empty' }, state.sessions.length ? 'No sessions match.' : 'No sessions yet.'));
  }
  for (const s of shown) {
    const repo = state.repositories.find((r) => r.id === s.repositoryId);
    sessionList.append(h('li', {},
      h('a', { class: `session-item${s.id === current ? ' current' : ''}`, href: `#/sessions/${s.id}`, 'aria-current': s.id === current ? 'page' : undefined, dataset: { sessionId: s.id } },
        h('div', { class: 'row' }, h('span', { class: 'repo-name' }, repo?.name ?? 'repository'), h('span', { class: `badge state-${s.state}` }, s.state)),
        h('div', { class: 'row branch-row' }, icon('branch'), h('span', {}, s.branch)),
        h('div', { class: 'row meta' }, h('span', {}, started(s.createdAt)),
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
  const repoSelect = h('select', { id: 'ns-repo', required: true, name: 'repositoryId' },
    ...state.repositories.map((r) => h('option', { value: r.id }, `${r.name}`)));
  const branchSuggestions = h('datalist', { id: 'ns-branches' });
  const branch = h('input', { id: 'ns-branch', name: 'branch', list: 'ns-branches', placeholder: 'leave empty for a new branch', autocomplete: 'off', spellcheck: false });
  const suggest = () => {
    const repositoryId = repoSelect.value;
    const repo = state.repositories.find((r) => r.id === repositoryId);
    const known = [repo?.defaultBranch ?? '', ...state.sessions.filter((s) => s.repositoryId === repositoryId).map((s) => s.branch)];
    const offer = (branches: string[]) => {
      clear(branchSuggestions);
      new Set(branches).forEach((b) => b && branchSuggestions.append(h('option', { value: b })));
    };
    offer(known);
    branchSuggestions.removeAttribute('data-loaded');
    if (repositoryId) {
      // the remote's branches; unreachable remote or no such endpoint: the local suggestions stay, free text works
      api.branches(repositoryId).then((remote) => {
        if (repoSelect.value !== repositoryId) return;
        offer([...remote.branches, ...known]);
        branchSuggestions.setAttribute('data-loaded', remote.truncated ? 'truncated' : 'all');
      }).catch(() => {
        if (repoSelect.value === repositoryId) branchSuggestions.setAttribute('data-loaded', 'failed');
      });
    }
    hint.textContent = repo ? `Empty: a new branch podbench/${state.me?.name ?? 'you'}/… from origin/${repo.defaultBranch ?? 'default'}. A branch name that exists (e.g. a PR branch) is checked out; a new name is created from origin/${repo.defaultBranch ?? 'default'}.` : '';
  };
  repoSelect.addEventListener('change', suggest);
  const hint = h('p', { class: 'hint', id: 'ns-branch-hint' });
  branch.setAttribute('aria-describedby', 'ns-branch-hint');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, 'Start');
  const form = h('form', {
    class: 'card form', onsubmit: async (e: Event) => {
      e.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      submit.textContent = 'Starting…';
      try {
        const session = await api.startSession(repoSelect.value, branch.value.trim() || undefined);
        await refresh();
        location.hash = `#/sessions/${session.id}`;
      } catch (err) {
        error.textContent = `Could not start the session: ${describe(err)}`;
        error.hidden = false;
        submit.disabled = false;
        submit.textContent = 'Start';
      }
    },
  },
  h('label', { for: 'ns-repo' }, 'Repository'),
  h('div', { class: 'inline' }, repoSelect, h('a', { href: '#/repositories', class: 'btn btn-quiet' }, icon('plus'), 'Add repository')),
  h('label', { for: 'ns-branch' }, 'Branch ', h('span', { class: 'optional' }, '(optional)')),
  branch, branchSuggestions, hint, error,
  h('div', { class: 'form-actions' }, submit));
  suggest();
  if (!state.repositories.length) {
    return page('New session', h('div', { class: 'card empty-state' }, h('p', {}, 'Add a repository first.'),
      h('a', { class: 'btn btn-primary', href: '#/repositories' }, icon('plus'), 'Add repository')));
  }
  return page('New session', form);
}

function repositoriesPage(): HTMLElement {
  const list = h('div', { class: 'card table-card' });
  const renderList = () => {
    clear(list);
    if (!state.repositories.length) {
      list.append(h('p', { class: 'empty' }, 'No repositories yet.'));
      return;
    }
    list.append(h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Clone URL'), h('th', {}, 'Default branch'), h('th', {}, 'Image'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, ...state.repositories.map((r) => h('tr', { dataset: { repositoryId: r.id } },
        h('td', { class: 'strong' }, r.name), h('td', { class: 'mono' }, r.cloneUrl), h('td', {}, r.defaultBranch ?? '—'), h('td', { class: 'mono' }, r.image ?? 'default'),
        h('td', { class: 'actions' }, h('button', {
          class: 'btn btn-quiet btn-danger-text', type: 'button', 'aria-label': `Remove ${r.name}`,
          onclick: async () => {
            if (!confirm(`Remove ${r.name}? Its live sessions are ended.`)) return;
            try { await api.removeRepository(r.id); await refresh(); renderList(); } catch (e) { alert(describe(e)); }
          },
        }, icon('trash'), 'Remove')))))));
  };
  renderList();
  const field = (id: string, label: string, attrs: Record<string, unknown> = {}) => {
    const input = h('input', { id, name: id, autocomplete: 'off', spellcheck: false, ...attrs });
    return { input, el: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
  };
  const name = field('repo-name', 'Name', { required: true, placeholder: 'my-service' });
  const url = field('repo-url', 'Clone URL', { required: true, placeholder: 'https://github.com/org/repo.git' });
  const branch = field('repo-branch', 'Default branch', { placeholder: 'asked from the remote when empty' });
  const image = field('repo-image', 'Image', { placeholder: 'the default workspace image' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, icon('plus'), 'Add repository');
  const form = h('form', {
    class: 'card form grid-form', onsubmit: async (e: Event) => {
      e.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      try {
        await api.addRepository({ name: name.input.value.trim(), cloneUrl: url.input.value.trim(),
          defaultBranch: branch.input.value.trim() || undefined, image: image.input.value.trim() || undefined });
        (e.target as HTMLFormElement).reset();
        await refresh();
        renderList();
      } catch (err) {
        error.textContent = `Could not add the repository: ${describe(err)}`;
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    },
  }, h('h2', {}, 'Add a repository'), name.el, url.el, branch.el, image.el, error, h('div', { class: 'form-actions' }, submit));
  return page('Repositories', list, form);
}

function homePage(): HTMLElement {
  const live = state.sessions.filter((s) => LIVE_STATES.has(s.state)).length;
  return page('Welcome' + (state.me ? `, ${state.me.name}` : ''),
    h('div', { class: 'card empty-state' },
      h('p', {}, live ? `You have ${live} live session${live > 1 ? 's' : ''}. Pick one in the sidebar, or start another.` : 'Start a session: a terminal and a coding agent side by side, in a fresh worktree of your repository.'),
      h('div', { class: 'inline' }, h('a', { class: 'btn btn-primary', href: '#/new' }, icon('plus'), 'New Session'), h('a', { class: 'btn', href: '#/repositories' }, icon('repo'), 'Repositories'))));
}

function route(): void {
  state.view?.dispose();
  state.view = null;
  document.body.classList.remove('sidebar-open');
  clear(main);
  const hash = location.hash || '#/';
  const session = hash.match(/^#\/sessions\/([^/]+)$/);
  document.body.dataset.screen = session ? 'session' : hash.slice(2) || 'home';
  if (session) {
    const view = new SessionView(decodeURIComponent(session[1]), () => state.repositories, () => void refresh());
    state.view = view;
    main.append(view.element);
    void view.start();
  } else if (hash === '#/new') {
    main.append(newSessionPage());
  } else if (hash === '#/repositories') {
    main.append(repositoriesPage());
  } else {
    main.append(homePage());
  }
  renderSessions();
}

function loginRequired(): void {
  state.view?.dispose();
  clear(app);
  document.body.dataset.screen = 'login';
  app.append(h('div', { class: 'login-required card', role: 'alert' },
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
  setInterval(() => { if (document.visibilityState === 'visible') void refresh(); }, 5000);
}

void boot();
