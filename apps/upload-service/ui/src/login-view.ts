import { ApiError, vsphereLogin, type Credentials } from './api.js';
import { fill, h } from './dom.js';

/** Asks for a vSphere login or a BlendVision API token; hands the credentials to `done` (memory only). */
export const renderLogin = (
  main: HTMLElement,
  done: (credentials: Credentials) => void,
  notice?: string,
): void => {
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const field = (id: string, label: string, attrs: Record<string, string | boolean>) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, ...attrs }));

  const vsphere = h(
    'form',
    { 'aria-labelledby': 'vsphere-title', class: 'card login' },
    h('h2', { id: 'vsphere-title' }, 'vSphere login'),
    field('vs-username', 'User name', { autocomplete: 'username', required: true, value: '' }),
    field('vs-password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }),
    field('vs-org', 'Organization', { required: true, value: 'default', autocomplete: 'organization' }),
    h('button', { type: 'submit' }, 'Log in'),
  );
  const blendvision = h(
    'form',
    { 'aria-labelledby': 'bv-title', class: 'card login' },
    h('h2', { id: 'bv-title' }, 'BlendVision API token'),
    field('bv-token', 'API token', { type: 'password', autocomplete: 'off', required: true }),
    field('bv-org', 'Organization id', { required: true, value: 'default', autocomplete: 'organization' }),
    h('button', { type: 'submit' }, 'Use token'),
  );
  const value = (form: HTMLFormElement, name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement).value.trim();

  vsphere.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = value(vsphere, 'vs-username');
    const organizationId = value(vsphere, 'vs-org');
    error.textContent = 'Logging in…';
    vsphereLogin(username, (vsphere.elements.namedItem('vs-password') as HTMLInputElement).value)
      .then((token) => done({ kind: 'vsphere', token, username, organizationId }))
      .catch((e: unknown) => {
        error.textContent =
          e instanceof ApiError && e.status === 401 ? 'Wrong user name or password.' : String(e);
      });
  });
  blendvision.addEventListener('submit', (event) => {
    event.preventDefault();
    done({
      kind: 'blendvision',
      token: value(blendvision, 'bv-token'),
      organizationId: value(blendvision, 'bv-org'),
    });
  });

  fill(
    main,
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h(
      'p',
      { class: 'lead' },
      'Use the credentials of the audit API. They stay in this tab’s memory only: closing or reloading the tab forgets them. ',
      'You see the sessions of your organization only.',
    ),
    notice === undefined ? null : h('p', { class: 'notice', role: 'status' }, notice),
    error,
    h('div', { class: 'logins' }, vsphere, blendvision),
  );
};
