import type { SessionSummary, SessionsPage } from './api.js';
import { received, stateBadge } from './badges.js';
import { confirmCancel } from './cancel-dialog.js';
import { fill, h } from './dom.js';
import { ago, bytes, dialectLabel, localToIso, time } from './format.js';
import type { Context, View } from './view.js';

interface Filters {
  state: string;
  dialect: string;
  name: string;
  since: string;
  until: string;
}

const PAGE_SIZE = 20;

// Kept while the tab is open, so coming back from a session shows the same list.
const filters: Filters = { state: '', dialect: '', name: '', since: '', until: '' };
/** Cursors of the pages before the current one; the last is the current page's `after`. */
let cursors: (string | undefined)[] = [undefined];

const select = (id: string, label: string, options: readonly [string, string][], value: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );

const input = (id: string, label: string, type: string, value: string) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, type, value }));

export const sessionsView = (context: Context): View => {
  const { api, main } = context;
  let page: SessionsPage = { sessions: [], next: null };
  const body = h('tbody');
  const summary = h('p', { class: 'summary', id: 'sessions-summary' });
  const newer = h('button', { type: 'button', class: 'secondary' }, '← Newer');
  const older = h('button', { type: 'button', class: 'secondary' }, 'Older →');

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter sessions' },
    select(
      'f-state',
      'State',
      [
        ['', 'Any'],
        ...(['ACTIVE', 'DONE', 'ERROR', 'CANCELED', 'DELETED'].map((s) => [s, s]) as [string, string][]),
      ],
      filters.state,
    ),
    select(
      'f-dialect',
      'Dialect',
      [
        ['', 'Any'],
        ['vsphere', 'vSphere'],
        ['blendvision', 'BlendVision'],
      ],
      filters.dialect,
    ),
    input('f-name', 'Item or file name', 'search', filters.name),
    input('f-since', 'Active since', 'datetime-local', filters.since),
    input('f-until', 'Active until', 'datetime-local', filters.until),
    h(
      'div',
      { class: 'field buttons' },
      h('button', { type: 'submit' }, 'Apply'),
      h('button', { type: 'reset', class: 'secondary' }, 'Clear'),
    ),
  );
  const read = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
  const apply = () => {
    filters.state = read('f-state');
    filters.dialect = read('f-dialect');
    filters.name = read('f-name').trim();
    filters.since = read('f-since');
    filters.until = read('f-until');
    cursors = [undefined];
    void view.refresh();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener('reset', () => setTimeout(apply, 0));
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).tagName === 'SELECT') apply();
  });
  newer.addEventListener('click', () => {
    if (cursors.length > 1) cursors.pop();
    void view.refresh();
  });
  older.addEventListener('click', () => {
    if (page.next !== null) cursors.push(page.next);
    void view.refresh();
  });

  const cancelButton = (session: SessionSummary): HTMLElement => {
    const reason = api.cannotCancel(session);
    if (session.state !== 'ACTIVE') return h('span', { class: 'muted' }, '—');
    const button = h(
      'button',
      {
        type: 'button',
        class: 'danger small',
        disabled: reason !== undefined,
        title: reason,
        'aria-label': `Cancel ${session.name ?? session.session_id}`,
      },
      'Cancel',
    );
    button.addEventListener('click', () => {
      void (async () => {
        if (!(await confirmCancel(session))) return;
        try {
          await api.cancel(session);
          context.announce(`Canceled ${session.name ?? session.session_id}.`);
        } catch (error) {
          context.announce(`Cancel failed: ${String(error)}`);
        }
        await view.refresh();
      })();
    });
    return h('span', {}, button, reason === undefined ? null : h('span', { class: 'hint' }, reason));
  };

  const row = (session: SessionSummary) =>
    h(
      'tr',
      { 'data-session-id': session.session_id, 'data-state': session.state },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `#/sessions/${session.session_id}` }, session.name ?? session.session_id),
      ),
      h(
        'td',
        { 'data-label': 'State' },
        stateBadge(session.state),
        session.cancel_reason === null ? null : h('span', { class: 'hint' }, ` ${session.cancel_reason}`),
      ),
      h('td', { 'data-label': 'Dialect' }, dialectLabel(session.dialect)),
      h('td', { class: 'num', 'data-label': 'Size' }, bytes(session.size)),
      h(
        'td',
        { class: 'bytes-received', 'data-label': 'Received' },
        received(session.bytes_received, session.size, session.name ?? session.session_id),
      ),
      h(
        'td',
        { 'data-label': 'Last activity' },
        h('time', { datetime: session.last_activity_at }, time(session.last_activity_at)),
        h('span', { class: 'hint' }, ` ${ago(session.last_activity_at)}`),
      ),
      h('td', { 'data-label': 'Actions' }, cancelButton(session)),
    );

  const view: View = {
    title: 'Sessions',
    live: () => true,
    refresh: async () => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (filters.state !== '') params.set('state', filters.state);
      if (filters.dialect !== '') params.set('dialect', filters.dialect);
      if (filters.name !== '') params.set('name', filters.name);
      const since = localToIso(filters.since);
      const until = localToIso(filters.until);
      if (since !== undefined) params.set('since', since);
      if (until !== undefined) params.set('until', until);
      const after = cursors[cursors.length - 1];
      if (after !== undefined) params.set('after', after);
      page = await api.sessions(params);
      // Rows are rebuilt on each poll: keep keyboard focus on the same control of the same session.
      const focused = document.activeElement;
      const focusedRow =
        focused instanceof HTMLElement && body.contains(focused) ? focused.closest('tr') : null;
      const focusedKey = focusedRow?.getAttribute('data-session-id');
      const focusedIndex =
        focusedRow === null || focusedRow === undefined
          ? -1
          : [...focusedRow.querySelectorAll('a, button')].indexOf(focused as Element);
      const rows = page.sessions.map(row);
      if (rows.length === 0)
        rows.push(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No sessions match.')));
      fill(body, ...rows);
      if (focusedKey !== null && focusedKey !== undefined && focusedIndex >= 0) {
        const again = body
          .querySelector(`tr[data-session-id="${CSS.escape(focusedKey)}"]`)
          ?.querySelectorAll('a, button')[focusedIndex];
        if (again instanceof HTMLElement) again.focus();
      }
      const active = page.sessions.filter((s) => s.state === 'ACTIVE').length;
      summary.textContent =
        `Page ${cursors.length}: ${page.sessions.length} session(s), ${active} active on this page. ` +
        'Updates every 2 seconds.';
      newer.disabled = cursors.length <= 1;
      older.disabled = page.next === null;
    },
  };

  fill(
    main,
    h('h1', { tabindex: '-1' }, 'Sessions'),
    form,
    summary,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'sessions', 'aria-describedby': 'sessions-summary' },
        h('caption', {}, `Upload sessions of ${api.credentials.organizationId}, newest first`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Item or file', 'State', 'Dialect', 'Size', 'Received', 'Last activity', 'Actions'].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        body,
      ),
    ),
    h('div', { class: 'pager' }, newer, older),
  );
  return view;
};
