import { Api, ApiError, type Credentials } from './api.js';
import { activityView } from './activity-view.js';
import { byId, fill, h } from './dom.js';
import { renderLogin } from './login-view.js';
import { sessionView } from './session-view.js';
import { sessionsView } from './sessions-view.js';
import type { Context, View } from './view.js';

const POLL_MS = 2000;

/** The only place the credentials live: this module's memory, for the life of the tab. */
let api: Api | undefined;
let view: View | undefined;
let timer: number | undefined;
let generation = 0;

const main = byId<HTMLElement>('main');
const status = byId<HTMLElement>('status');
const nav = byId<HTMLElement>('nav');
const who = byId<HTMLElement>('who');

let quiet: number | undefined;
/** A short message in the live region, cleared after a while so it never covers the page for long. */
const announce = (message: string): void => {
  status.textContent = message;
  window.clearTimeout(quiet);
  if (message !== '' && status.dataset['error'] !== 'true')
    quiet = window.setTimeout(() => announce(''), 8000);
};

const logout = (notice?: string): void => {
  api = undefined;
  view = undefined;
  window.clearTimeout(timer);
  generation += 1;
  announce('');
  nav.hidden = true;
  who.hidden = true;
  document.title = 'Sign in · Upload sessions';
  renderLogin(main, login, notice);
  main.querySelector('h1')?.focus();
};

const login = (credentials: Credentials): void => {
  api = new Api(credentials);
  const logoutButton = h('button', { type: 'button', class: 'secondary small' }, 'Log out');
  logoutButton.addEventListener('click', () => logout('Logged out.'));
  fill(
    who,
    credentials.kind === 'vsphere' ? `${credentials.username} (vSphere)` : 'BlendVision API token',
    ' · organization ',
    h('strong', {}, credentials.organizationId),
    ' ',
    logoutButton,
  );
  nav.hidden = false;
  who.hidden = false;
  if (!location.hash.startsWith('#/')) location.hash = '#/sessions';
  route();
};

/** One refresh of the current view, then the next one while it is live; a stale view stops. */
const poll = async (mine: number): Promise<void> => {
  if (view === undefined || mine !== generation) return;
  // A background tab asks nothing; it refreshes as soon as it is shown again.
  if (document.hidden) {
    document.addEventListener('visibilitychange', () => void poll(mine), { once: true });
    return;
  }
  try {
    await view.refresh();
    if (status.dataset['error'] === 'true') {
      status.dataset['error'] = 'false';
      announce('');
    }
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      logout(error.status === 401 ? 'Your login has ended; sign in again.' : `Not allowed: ${error.message}`);
      return;
    }
    status.dataset['error'] = 'true';
    announce(`Could not refresh: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (mine === generation && view?.live() === true) timer = window.setTimeout(() => void poll(mine), POLL_MS);
};

const route = (): void => {
  if (api === undefined) return logout();
  window.clearTimeout(timer);
  generation += 1;
  const context: Context = { api, main, announce };
  const path = location.hash.replace(/^#/, '');
  const session = /^\/sessions\/([A-Za-z0-9._:-]+)$/.exec(path);
  view =
    session?.[1] !== undefined
      ? sessionView(context, session[1])
      : path === '/activity'
        ? activityView(context)
        : sessionsView(context);
  document.title = `${view.title} · Upload sessions`;
  for (const link of nav.querySelectorAll('a')) {
    const current = (link.dataset['view'] === 'activity') === (path === '/activity');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.querySelector('h1')?.focus();
  void poll(generation);
};

window.addEventListener('hashchange', route);
logout();
