import type { AuditEvent, SessionDetail, SessionHistory } from './api.js';
import { received, stateBadge } from './badges.js';
import { confirmCancel } from './cancel-dialog.js';
import { progressChart, type ProgressPoint } from './chart.js';
import { fill, h } from './dom.js';
import { bytes, clock, dialectLabel, time } from './format.js';
import { describe, progressFromEvents } from './timeline.js';
import type { Context, View } from './view.js';

/** Bytes seen while polling (transfers in flight show between the events), per session, while the tab lives. */
const samples = new Map<string, ProgressPoint[]>();

const cleanUp = (session: SessionDetail, events: readonly AuditEvent[]): string => {
  const ending = [...events].reverse().find((e) => 'contentToDelete' in e.data);
  const listed = Array.isArray(ending?.data['contentToDelete'])
    ? (ending.data['contentToDelete'] as string[])
    : [];
  switch (session.state) {
    case 'ACTIVE':
      return `In progress: ${bytes(session.bytes_received)} staged so far; nothing deleted yet.`;
    case 'DONE':
      return 'Completed: the received files became the content; nothing to delete.';
    default: {
      const what = listed.length === 0 ? 'no received files' : listed.join(', ');
      return session.staged_content
        ? `Ended ${session.state}: the content clean-up is still deleting ${what}.`
        : `Ended ${session.state}: staged content deleted (${what}); nothing left on disk.`;
    }
  }
};

export const sessionView = (context: Context, sessionId: string): View => {
  const { api, main } = context;
  let session: SessionDetail | undefined;
  const heading = h('h1', { tabindex: '-1' }, `Session ${sessionId}`);
  const facts = h('dl', { class: 'facts' });
  const actions = h('div', { class: 'actions' });
  const chart = h('figure', { class: 'chart-box' });
  const files = h('tbody');
  const cleanup = h('p', { id: 'cleanup' });
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const raw = h('p', { class: 'raw' });
  let rawUrl: string | undefined;

  const fact = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];

  const render = (detail: SessionDetail, history: SessionHistory) => {
    heading.textContent = detail.name ?? `Session ${sessionId}`;
    fill(
      facts,
      ...fact('State', stateBadge(detail.state)),
      ...fact('Dialect', dialectLabel(detail.dialect)),
      ...fact('Session id', h('code', {}, detail.session_id)),
      ...fact(
        detail.dialect === 'vsphere' ? 'Library item' : 'File',
        h('code', {}, detail.library_item_id ?? detail.file_id ?? '—'),
      ),
      ...fact(
        'Received',
        received(detail.bytes_received, detail.size, detail.name ?? detail.session_id),
        detail.state === 'ACTIVE' || detail.state === 'DONE'
          ? ''
          : h('span', { class: 'hint' }, ' (deleted when the session ended)'),
      ),
      ...fact('Started', `${time(detail.created_at)} by ${detail.created_by ?? 'unknown'}`),
      ...fact('Last activity', time(detail.last_activity_at)),
      ...fact(detail.ended_at === null ? 'Expires' : 'Ended', time(detail.ended_at ?? detail.expires_at)),
      ...(detail.cancel_reason === null ? [] : fact('Cancel reason', detail.cancel_reason)),
      ...(detail.error_message === null ? [] : fact('Error', detail.error_message)),
    );

    const reason = api.cannotCancel(detail);
    if (detail.state === 'ACTIVE') {
      const button = h(
        'button',
        { type: 'button', class: 'danger', disabled: reason !== undefined },
        'Cancel upload…',
      );
      button.addEventListener('click', () => {
        void (async () => {
          if (!(await confirmCancel(detail))) return;
          try {
            await api.cancel(detail);
            context.announce(`Canceled ${detail.name ?? detail.session_id}.`);
          } catch (error) {
            context.announce(`Cancel failed: ${String(error)}`);
          }
          await view.refresh();
        })();
      });
      fill(actions, button, reason === undefined ? null : h('span', { class: 'hint' }, ` ${reason}`));
    } else fill(actions);

    const fromEvents = progressFromEvents(history.events);
    const sampled = samples.get(sessionId) ?? [];
    const points = [...fromEvents.points, ...sampled];
    fill(
      chart,
      progressChart(
        points,
        detail.size,
        fromEvents.deletedAt,
        `Bytes received over time by ${detail.name ?? sessionId}`,
      ),
      h(
        'figcaption',
        {},
        `${bytes(detail.bytes_received)} received${detail.size === null ? '' : ` of ${bytes(detail.size)}`}` +
          (detail.bytes_in_flight > 0
            ? `, ${bytes(detail.bytes_in_flight)} of it in transfers still in flight`
            : '') +
          (fromEvents.deletedAt === null ? '.' : '; the received bytes were deleted when the session ended.'),
      ),
    );

    fill(
      files,
      ...detail.files.map((file) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, file.name),
          h('td', {}, file.bytes_in_flight === null ? file.status : `${file.status} (receiving)`),
          h('td', { class: 'num' }, bytes(file.declared_size)),
          h('td', { class: 'num' }, bytes(file.received_size ?? file.bytes_in_flight)),
          h(
            'td',
            { class: 'checksum' },
            file.checksum === null
              ? '—'
              : h(
                  'code',
                  { title: file.checksum.value },
                  `${file.checksum.algorithm} ${file.checksum.value.slice(0, 16)}…`,
                ),
          ),
          h('td', {}, file.error_message ?? ''),
        ),
      ),
    );
    if (detail.files.length === 0)
      fill(files, h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No files yet.')));

    cleanup.textContent = cleanUp(detail, history.events);

    fill(
      timeline,
      ...history.events.map((event) =>
        h(
          'li',
          { 'data-type': event.type },
          h(
            'time',
            { datetime: event.occurred_at ?? event.recorded_at },
            clock(event.occurred_at ?? event.recorded_at),
          ),
          h('span', { class: 'event-type' }, event.type.replace(/^UploadSession/, '')),
          h('span', { class: 'what' }, describe(event)),
          h(
            'span',
            { class: 'meta' },
            `by ${event.actor?.id ?? 'unknown'}${event.actor?.kind === null || event.actor === null ? '' : ` (${event.actor.kind})`}`,
            ' · correlation ',
            h('code', {}, event.correlation_id ?? '—'),
          ),
        ),
      ),
    );

    if (rawUrl !== undefined) URL.revokeObjectURL(rawUrl);
    rawUrl = URL.createObjectURL(new Blob([JSON.stringify(history, null, 2)], { type: 'application/json' }));
    fill(
      raw,
      h('a', { href: rawUrl, target: '_blank', rel: 'noopener' }, 'Raw JSON of the events'),
      ' (as ',
      h('code', {}, `GET ${api.historyPath(sessionId)}`),
      ' answers it)',
    );
  };

  const view: View = {
    title: 'Session',
    live: () => session === undefined || session.state === 'ACTIVE',
    refresh: async () => {
      const [detail, history] = await Promise.all([api.session(sessionId), api.history(sessionId)]);
      session = detail;
      if (detail.state === 'ACTIVE') {
        const list = samples.get(sessionId) ?? [];
        list.push({ t: Date.now(), bytes: detail.bytes_received });
        samples.set(sessionId, list.slice(-300));
      }
      render(detail, history);
    },
  };

  const section = (id: string, title: string, ...children: (Node | null)[]) =>
    h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);

  fill(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/sessions' }, '← All sessions')),
    heading,
    facts,
    actions,
    h(
      'div',
      { class: 'grid' },
      section('progress-title', 'Byte progress', chart),
      section('cleanup-title', 'Content clean-up', cleanup),
    ),
    section(
      'files-title',
      'Files and parts',
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Name', 'Status', 'Declared', 'Received', 'Checksum', 'Error'].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          files,
        ),
      ),
    ),
    section('timeline-title', 'Timeline', timeline, raw),
  );
  return view;
};
