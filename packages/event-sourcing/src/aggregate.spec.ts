import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { bindAggregate, defineAggregate } from './aggregate';
import type { Decider, EventCodec } from './decider';
import { StreamStateCache } from './stream-state-cache';

// An owned note: opened by one organization, then edited; another organization never sees it.
type Note =
  | { readonly status: 'NONE' }
  | { readonly status: 'OPEN'; readonly organizationId: string; readonly text: string };
type Open = Extract<Note, { status: 'OPEN' }>;
type NoteCommand =
  | { readonly type: 'Open'; readonly organizationId: string; readonly text: string }
  | { readonly type: 'Edit'; readonly text: string };
type NoteEvent =
  | { readonly type: 'NoteOpened'; readonly organizationId: string; readonly text: string }
  | { readonly type: 'NoteEdited'; readonly text: string };
type NoteError =
  | { readonly _tag: 'NoteNotFound'; readonly id: string; readonly command?: string }
  | { readonly _tag: 'AlreadyOpen' };

const decider: Decider<NoteCommand, NoteEvent, Note, NoteError> = {
  initialState: { status: 'NONE' },
  decide: (command, state) => {
    if (command.type === 'Open')
      return state.status === 'NONE'
        ? E.right([{ type: 'NoteOpened', organizationId: command.organizationId, text: command.text }])
        : E.left({ _tag: 'AlreadyOpen' });
    return state.status === 'OPEN' && state.text !== command.text
      ? E.right([{ type: 'NoteEdited', text: command.text }])
      : E.right([]);
  },
  evolve: (state, event) =>
    event.type === 'NoteOpened'
      ? { status: 'OPEN', organizationId: event.organizationId, text: event.text }
      : state.status === 'OPEN'
        ? { ...state, text: event.text }
        : state,
};

// Version 1 of NoteOpened had `body` instead of `text`: the codec upcasts it.
const codec: EventCodec<NoteEvent> = {
  encode: (event) => {
    const { type, ...data } = event;
    return { type, schemaVersion: 2, data };
  },
  decode: (recorded) => {
    const version = recorded.metadata['schemaVersion'];
    const text = version === 1 ? recorded.data['body'] : recorded.data['text'];
    if (typeof text !== 'string') return E.left('no text');
    if (recorded.type === 'NoteOpened' && typeof recorded.data['organizationId'] === 'string')
      return E.right({ type: 'NoteOpened', organizationId: recorded.data['organizationId'], text });
    if (recorded.type === 'NoteEdited') return E.right({ type: 'NoteEdited', text });
    return E.left(`unknown ${recorded.type}`);
  },
};

const notes = defineAggregate({
  streamPrefix: 'note-',
  decider,
  codec,
  isId: (id: string) => /^[a-z0-9]+$/.test(id),
  visible: (state: Note, organizationId: string): state is Open =>
    state.status === 'OPEN' && state.organizationId === organizationId,
  changeable: (state: Note, organizationId: string): state is Note =>
    state.status === 'NONE' || state.organizationId === organizationId,
  notFound: (id: string, command?: string): NoteError => ({
    _tag: 'NoteNotFound',
    id,
    ...(command !== undefined ? { command } : {}),
  }),
});

interface Context {
  readonly organizationId: string;
  readonly user: string;
}
const acme: Context = { organizationId: 'acme', user: 'ann' };
const other: Context = { organizationId: 'other', user: 'bob' };

const setup = (cache?: StreamStateCache) => {
  const store = new InMemoryEventStore();
  const aggregate = bindAggregate(notes, {
    store,
    retries: 3,
    now: () => new Date('2026-12-05T00:00:00.000Z'),
    ...(cache !== undefined ? { cache } : {}),
    metadata: (context: Context, eventId, occurredAt, schemaVersion) => ({
      eventId,
      occurredAt,
      schemaVersion,
      actor: context.user,
      organizationId: context.organizationId,
    }),
  });
  return { store, aggregate };
};

describe('an aggregate definition bound to a store', () => {
  it('names streams by prefix and id, and stores events with type, schema version and the context metadata', async () => {
    const { store, aggregate } = setup();
    expect(aggregate.streamName('n1')).toBe('note-n1');
    const opened = await aggregate.handle('n1', acme, { type: 'Open', organizationId: 'acme', text: 'hi' });
    expect(E.isRight(opened) && opened.right.after).toEqual({
      status: 'OPEN',
      organizationId: 'acme',
      text: 'hi',
    });
    const read = await store.readStream('note-n1');
    const [event] = E.isRight(read) ? read.right : [];
    expect([event?.type, event?.data, event?.metadata]).toEqual([
      'NoteOpened',
      { organizationId: 'acme', text: 'hi' },
      {
        eventId: event?.id,
        occurredAt: '2026-12-05T00:00:00.000Z',
        schemaVersion: 2,
        actor: 'ann',
        organizationId: 'acme',
      },
    ]);
  });

  it("loads the owner's instance, and answers not-found for another organization's, a missing one and an invalid id", async () => {
    const { aggregate } = setup();
    await aggregate.handle('n1', acme, { type: 'Open', organizationId: 'acme', text: 'hi' });
    expect(await aggregate.load('n1', 'acme')).toEqual(
      E.right({ status: 'OPEN', organizationId: 'acme', text: 'hi' }),
    );
    expect(await aggregate.load('n1', 'other', 'Edit')).toEqual(
      E.left({ _tag: 'NoteNotFound', id: 'n1', command: 'Edit' }),
    );
    expect(await aggregate.load('n2', 'acme')).toEqual(E.left({ _tag: 'NoteNotFound', id: 'n2' }));
    expect(await aggregate.load('N/../x', 'acme')).toEqual(E.left({ _tag: 'NoteNotFound', id: 'N/../x' }));
    expect(E.isRight(await aggregate.loadState('n2')) && (await aggregate.loadState('n2'))).toEqual(
      E.right({ status: 'NONE' }),
    );
  });

  it("changes the owner's instance (or creates one), and refuses another organization's as not found", async () => {
    const { store, aggregate } = setup();
    const created = await aggregate.change('n1', acme, () =>
      E.right({ type: 'Open', organizationId: 'acme', text: 'a' }),
    );
    expect(E.isRight(created)).toBe(true);
    const edited = await aggregate.change('n1', acme, () => E.right({ type: 'Edit', text: 'b' }));
    expect(E.isRight(edited) && [edited.right.before, edited.right.after]).toEqual([
      { status: 'OPEN', organizationId: 'acme', text: 'a' },
      { status: 'OPEN', organizationId: 'acme', text: 'b' },
    ]);
    let built = 0;
    const foreign = await aggregate.change(
      'n1',
      other,
      () => {
        built++;
        return E.right({ type: 'Edit', text: 'c' });
      },
      { command: 'Edit' },
    );
    expect(foreign).toEqual(E.left({ _tag: 'NoteNotFound', id: 'n1', command: 'Edit' }));
    expect(built).toBe(0);
    const invalid = await aggregate.change('../x', acme, () => E.right({ type: 'Edit', text: 'c' }));
    expect(E.isLeft(invalid) && invalid.left._tag).toBe('NoteNotFound');
    const read = await store.readStream('note-n1');
    expect(E.isRight(read) && read.right.length).toBe(2);
  });

  it('loads events written with an older schema version through the codec', async () => {
    const { store, aggregate } = setup();
    await store.appendToStream(
      'note-old',
      [
        {
          id: 'e1',
          type: 'NoteOpened',
          data: { organizationId: 'acme', body: 'legacy' },
          metadata: { schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    expect(await aggregate.load('old', 'acme')).toEqual(
      E.right({ status: 'OPEN', organizationId: 'acme', text: 'legacy' }),
    );
  });

  it('with a cache and a fresh id, neither the create nor the next change reads the stream', async () => {
    const cache = new StreamStateCache(10);
    const { store, aggregate } = setup(cache);
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (name, options) => {
      reads++;
      return readStream(name, options);
    };
    await aggregate.handle(
      'n9',
      acme,
      { type: 'Open', organizationId: 'acme', text: 'a' },
      { newStream: true },
    );
    const edited = await aggregate.change('n9', acme, () => E.right({ type: 'Edit', text: 'b' }));
    expect(E.isRight(edited)).toBe(true);
    expect(reads).toBe(0);
    // A settled remembered state is answered without reading.
    const state = await aggregate.loadState('n9', (s) => s.status === 'OPEN');
    expect(E.isRight(state) && state.right.status).toBe('OPEN');
    expect(reads).toBe(0);
  });

  it('answers the domain refusal of a creation on an existing stream', async () => {
    const { aggregate } = setup();
    await aggregate.handle(
      'n1',
      acme,
      { type: 'Open', organizationId: 'acme', text: 'a' },
      { newStream: true },
    );
    const again = await aggregate.handle(
      'n1',
      acme,
      { type: 'Open', organizationId: 'acme', text: 'a' },
      { newStream: true },
    );
    expect(again).toEqual(E.left({ _tag: 'AlreadyOpen' }));
  });
});
