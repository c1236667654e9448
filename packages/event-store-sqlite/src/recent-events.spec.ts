import type { GlobalPosition } from '@upload-sessions/event-store';
import { RecentEvents } from './recent-events';
import { rowPosition, type EventRow } from './sqlite-reader';

const row = (position: number, streamName = `s-${position}`, type = 'T'): EventRow => [
  position,
  streamName,
  0,
  `id-${position}`,
  type,
  JSON.stringify({ n: position }),
  '{}',
  '2026-12-06T00:00:00.000Z',
];
const rows = (from: number, to: number): EventRow[] =>
  Array.from({ length: to - from + 1 }, (_, i) => row(from + i));
const at = (n: number): GlobalPosition => rowPosition(n);
const positions = (page: ReturnType<RecentEvents['page']>) => page?.events.map((e) => Number(e.position));

describe('RecentEvents', () => {
  it('answers a page after a position it holds, as the file would: order, limit, end and scanned-to', () => {
    const recent = new RecentEvents();
    recent.add([row(1, 'a-1'), row(2, 'b-1', 'X'), row(3, 'a-2', 'X')]);
    recent.add([row(4, 'a-3')]);
    const head = () => 4;
    expect(recent.page(undefined, undefined, undefined, head)).toMatchObject({
      isEnd: true,
      scannedTo: at(4),
    });
    expect(positions(recent.page(at(1), undefined, undefined, head))).toEqual([2, 3, 4]);
    const limited = recent.page(at(1), 2, undefined, head);
    expect([positions(limited), limited?.isEnd, limited?.scannedTo]).toEqual([[2, 3], false, at(3)]);
    const filtered = recent.page(at(0), 10, { streamPrefixes: ['a-'], eventTypes: ['X'] }, head);
    expect([positions(filtered), filtered?.isEnd, filtered?.scannedTo]).toEqual([[3], true, at(4)]);
    expect(recent.page(at(4), 10, undefined, head)).toEqual({ events: [], isEnd: true, scannedTo: at(4) });
    const [event] = recent.page(at(3), 1, undefined, head)?.events ?? [];
    expect(event).toEqual({
      id: 'id-4',
      type: 'T',
      data: { n: 4 },
      metadata: {},
      streamName: 'a-3',
      revision: 0,
      position: at(4),
      recordedAt: '2026-12-06T00:00:00.000Z',
    });
  });

  it('gives no answer once the file has rows after its newest, or for a position older than it holds', () => {
    const recent = new RecentEvents();
    recent.add(rows(5, 8));
    expect(recent.page(at(6), 10, undefined, () => 9)).toBeUndefined();
    expect(recent.page(at(3), 10, undefined, () => 8)).toBeUndefined();
    expect(positions(recent.page(at(4), 10, undefined, () => 8))).toEqual([5, 6, 7, 8]);
  });

  it('starts afresh after a gap another process left, and keeps only the newest rows past twice its capacity', () => {
    const recent = new RecentEvents(4);
    recent.add(rows(1, 3));
    recent.add(rows(5, 6));
    expect(recent.page(at(3), 10, undefined, () => 6)).toBeUndefined();
    expect(positions(recent.page(at(4), 10, undefined, () => 6))).toEqual([5, 6]);
    for (let n = 7; n <= 12; n++) recent.add([row(n)]);
    expect(positions(recent.page(at(4), 10, undefined, () => 12))).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    recent.add([row(13)]);
    expect(recent.page(at(8), 10, undefined, () => 13)).toBeUndefined();
    expect(positions(recent.page(at(9), 10, undefined, () => 13))).toEqual([10, 11, 12, 13]);
  });
});
