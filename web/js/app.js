// @ts-check
import { mayCall, setRouteAccess } from './access.js';
import { api } from './api.js';
import { h, fill } from './dom.js';
import { enterPage, errorBox } from './feedback.js';
import { go, session } from './navigation.js';
import { setWorkflowVocabulary } from './stages.js';

/**
 * The shell: who is signed in (from the public /api/ui-config, so a signed-out visitor causes
 * no failed request), a navigation that lists only what the role may use, and a hash router.
 */

/**
 * Pages: path pattern, the module that draws it, the API route it is built on (a role may open
 * the page when it may call that route), and whether it is in the navigation.
 */
const PAGES = [
  { pattern: /^\/ranked$/, module: './pages/ranked.js', route: 'GET /api/ranked', nav: 'Ranked list', path: '/ranked' },
  { pattern: /^\/map$/, module: './pages/map.js', route: 'GET /api/map/sites', nav: 'Map', path: '/map' },
  { pattern: /^\/cases$/, module: './pages/cases.js', route: 'GET /api/cases', nav: 'Cases', path: '/cases' },
  { pattern: /^\/upload$/, module: './pages/upload.js', route: 'POST /api/uploads', nav: 'Upload', path: '/upload' },
  { pattern: /^\/land$/, module: './pages/land.js', route: 'GET /api/land', nav: 'Released land', path: '/land' },
  {
    pattern: /^\/dashboard$/,
    module: './pages/dashboard.js',
    route: 'GET /api/pipeline',
    nav: 'Dashboard',
    path: '/dashboard',
  },
  {
    pattern: /^\/board$/,
    module: './pages/board.js',
    route: 'GET /api/board/agenda',
    nav: 'Board agenda',
    path: '/board',
  },
  {
    pattern: /^\/what-if$/,
    module: './pages/what-if.js',
    route: 'GET /api/simulation',
    nav: 'What if',
    path: '/what-if',
  },
  {
    pattern: /^\/outcomes$/,
    module: './pages/outcomes.js',
    route: 'GET /api/outcomes',
    nav: 'Outcomes',
    path: '/outcomes',
  },
  {
    pattern: /^\/assumptions$/,
    module: './pages/assumptions.js',
    route: 'GET /api/assumptions',
    nav: 'Assumptions',
    path: '/assumptions',
  },
  { pattern: /^\/audit$/, module: './pages/audit.js', route: 'GET /api/audit/verify', nav: 'Audit', path: '/audit' },
  // Opened from the Board agenda page, for its meeting date.
  { pattern: /^\/board\/pack$/, module: './pages/board-pack.js', route: 'GET /api/board/pack' },
  { pattern: /^\/users$/, module: './pages/users.js', route: 'GET /api/users', nav: 'Users', path: '/users' },
  { pattern: /^\/account$/, module: './pages/account.js', route: 'POST /api/session/password' },
  {
    pattern: /^\/access-log$/,
    module: './pages/access-log.js',
    route: 'GET /api/access-log',
    nav: 'Access log',
    path: '/access-log',
  },
  { pattern: /^\/sites\/(\d+)$/, module: './pages/site.js', route: 'GET /api/sites/:id' },
  { pattern: /^\/cases\/(\d+)$/, module: './pages/case.js', route: 'GET /api/cases/:id' },
];

const HOME = { officer: '/upload', board: '/ranked', housing: '/land', admin: '/ranked' };

function drawChrome() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const user = session.user;
  const current = location.hash.slice(1);
  fill(
    nav,
    user
      ? h(
          'ul',
          {},
          PAGES.filter((p) => p.nav && mayCall(user, p.route)).map((p) =>
            h(
              'li',
              {},
              h('a', { href: `#${p.path}`, 'aria-current': current.startsWith(p.path ?? '') ? 'page' : null }, p.nav),
            ),
          ),
        )
      : null,
  );
  fill(
    who,
    user
      ? [
          h('a', { href: '#/account', title: 'Your account: change your password' }, `${user.name} (${user.role})`),
          h('button', { type: 'button', class: 'link-button', onclick: signOut }, 'Sign out'),
        ]
      : null,
  );
}

async function signOut() {
  let viaProvider = false;
  try {
    viaProvider = (await api('/api/session')).signedInWith === 'oidc';
    await api('/api/session', { method: 'DELETE' });
  } finally {
    session.user = null;
    // A session opened at the identity provider ends there too, which then sends the browser back here.
    if (viaProvider) location.assign('/api/session/oidc/logout');
    else go('/signin');
  }
}

async function route() {
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  const path = location.hash.slice(1).split('?')[0] || '/';
  enterPage(path);
  drawChrome();
  if (!session.user) {
    const { render } = await import('./pages/signin.js');
    return render(main, { next: path === '/' || path === '/signin' ? null : path, oidc: session.oidc });
  }
  if (path === '/' || path === '/signin') return go(HOME[session.user.role] ?? '/land');
  const page = PAGES.find((p) => p.pattern.test(path));
  if (!page || !mayCall(session.user, page.route)) {
    fill(
      main,
      h('h1', {}, 'Not available'),
      h('p', {}, page ? `The ${session.user.role} role cannot open this page.` : 'There is no such page.'),
      h('p', {}, h('a', { href: '#/' }, 'Go to your start page')),
    );
    return undefined;
  }
  const match = /** @type {RegExpExecArray} */ (page.pattern.exec(path));
  const { render } = await import(page.module);
  try {
    await render(main, {
      params: match.slice(1),
      user: session.user,
      basemapUrl: session.basemapUrl,
      mapTilesFromSites: session.mapTilesFromSites,
    });
  } catch (e) {
    // The page has already shown what went wrong; a session that ended sends the user to sign in.
    if (/** @type {{ status?: number }} */ (e)?.status === 401) {
      session.user = null;
      go('/signin');
    }
  }
  main.focus({ preventScroll: true });
  return undefined;
}

async function start() {
  try {
    const config = await api('/api/ui-config');
    session.user = config.signedIn;
    session.basemapUrl = config.basemapUrl;
    session.oidc = config.oidc;
    session.mapTilesFromSites = config.mapTilesFromSites;
    setWorkflowVocabulary(config.workflow);
    setRouteAccess(config.access);
  } catch (e) {
    fill(document.getElementById('main'), errorBox(e, 'The service is not answering'));
    return;
  }
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
