import type { Activity } from './api.js';
import { stateBadge } from './badges.js';
import { dayChart } from './chart.js';
import { fill, h } from './dom.js';
import { bytes, dialectLabel, time } from './format.js';
import type { Context, View } from './view.js';

const STATES = ['ACTIVE', 'DONE', 'ERROR', 'CANCELED', 'DELETED'] as const;

const lastDays = (n: number, now = new Date()): string[] =>
  Array.from({ length: n }, (_, i) =>
    new Date(now.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );

export const activityView = (context: Context): View => {
  const { api, main } = context;
  const counts = h('ul', { class: 'counts', 'aria-label': 'Sessions per state' });
  const chart = h('figure', { class: 'chart-box' });
  const days = h('tbody');
  const cancellations = h('tbody');

  const render = (activity: Activity) => {
    fill(
      counts,
      ...STATES.map((state) =>
        h(
          'li',
          { class: `count state-${state}`, 'data-state': state },
          h('span', { class: 'n' }, String(activity.by_state[state] ?? 0)),
          h('span', {}, state),
        ),
      ),
    );
    const range = lastDays(activity.days);
    const byDay = new Map<string, Map<string, number>>();
    for (const { day, state, count } of activity.by_day) {
      const m = byDay.get(day) ?? new Map<string, number>();
      m.set(state, count);
      byDay.set(day, m);
    }
    fill(
      chart,
      dayChart(
        range,
        byDay,
        STATES,
        `Sessions started per day over the last ${activity.days} days, by state`,
      ),
      h(
        'figcaption',
        {},
        `Sessions started per day (UTC), last ${activity.days} days, stacked by their state now.`,
      ),
    );
    const withSessions = range.filter((d) => byDay.has(d));
    fill(
      days,
      ...withSessions.map((day) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, day),
          ...STATES.map((s) => h('td', { class: 'num' }, String(byDay.get(day)?.get(s) ?? 0))),
        ),
      ),
    );
    if (withSessions.length === 0)
      fill(
        days,
        h(
          'tr',
          {},
          h('td', { colspan: STATES.length + 1, class: 'empty' }, 'No sessions started in this period.'),
        ),
      );
    fill(
      cancellations,
      ...activity.cancellations.map((s) =>
        h(
          'tr',
          { 'data-session-id': s.session_id },
          h('th', { scope: 'row' }, h('a', { href: `#/sessions/${s.session_id}` }, s.name ?? s.session_id)),
          h('td', {}, time(s.ended_at)),
          h('td', {}, s.cancel_reason === 'expired' ? 'expired (idle timeout)' : (s.cancel_reason ?? '—')),
          h('td', {}, dialectLabel(s.dialect)),
          h('td', { class: 'num' }, bytes(s.bytes_received)),
          h('td', {}, stateBadge(s.state)),
        ),
      ),
    );
    if (activity.cancellations.length === 0)
      fill(cancellations, h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No cancellations.')));
  };

  const table = (caption: string, headers: readonly string[], body: HTMLElement) =>
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col' }, c)))),
        body,
      ),
    );

  fill(
    main,
    h('h1', { tabindex: '-1' }, `Activity of ${api.credentials.organizationId}`),
    h(
      'section',
      { 'aria-labelledby': 'counts-title' },
      h('h2', { id: 'counts-title' }, 'Sessions per state'),
      counts,
    ),
    h(
      'section',
      { 'aria-labelledby': 'days-title' },
      h('h2', { id: 'days-title' }, 'Per day'),
      chart,
      table('Sessions started per day and their state', ['Day', ...STATES], days),
    ),
    h(
      'section',
      { 'aria-labelledby': 'cancel-title-list' },
      h('h2', { id: 'cancel-title-list' }, 'Last cancellations'),
      table(
        'The most recent cancellations, newest first, with their reasons',
        ['Item or file', 'Canceled at', 'Reason', 'Dialect', 'Bytes received', 'State'],
        cancellations,
      ),
    ),
  );

  return {
    title: 'Activity',
    live: () => true,
    refresh: async () => render(await api.activity()),
  };
};
