import { DeciderSpecification } from '@upload-sessions/domain/testing';
import { LIBRARY, at, libraryCommand as cmd, libraryEvent as ev } from '../testing/fixtures';
import { foldLocalLibrary, localLibraryDecider } from './local-library-decider';

const spec = DeciderSpecification.for(localLibraryDecider);
const ITEM_A = '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01';
const ITEM_B = '2c8d0b63-8b40-4b9f-8b45-1b7d6f203c12';

describe('CreateLocalLibrary', () => {
  it('creates an empty library', () => {
    const { state } = spec
      .given([])
      .when(cmd.create(0))
      .then([ev.created(0)]);
    expect(state).toEqual({
      status: 'ACTIVE',
      id: LIBRARY,
      organizationId: 'acme',
      name: 'isos',
      description: 'install media',
      clientToken: null,
      createdAt: at(0),
      updatedAt: at(0),
      items: [],
      version: 1,
    });
  });

  it('refuses a second create', () => {
    for (const given of [[ev.created()], [ev.created(), ev.itemAdded(ITEM_A, 'a')]]) {
      expect(spec.given(given).when(cmd.create(3)).thenFails('AlreadyCreated')).toEqual({
        _tag: 'AlreadyCreated',
        id: LIBRARY,
      });
    }
  });
});

describe('AddItem', () => {
  it('lists the item by name', () => {
    const { state } = spec
      .given([ev.created()])
      .when(cmd.addItem(ITEM_A, 'ubuntu', [], 4))
      .then([ev.itemAdded(ITEM_A, 'ubuntu', 4)]);
    expect(state).toMatchObject({ items: [{ id: ITEM_A, name: 'ubuntu' }], updatedAt: at(4), version: 2 });
  });

  it('refuses a name a live item already has', () => {
    expect(
      spec
        .given([ev.created(), ev.itemAdded(ITEM_A, 'ubuntu')])
        .when(cmd.addItem(ITEM_B, 'ubuntu', [ITEM_A]))
        .thenFails('ItemNameTaken'),
    ).toEqual({ _tag: 'ItemNameTaken', libraryId: LIBRARY, name: 'ubuntu' });
  });

  it('lets a name be reused when its item never came to exist (an interrupted create)', () => {
    spec
      .given([ev.created(), ev.itemAdded(ITEM_A, 'ubuntu')])
      .when(cmd.addItem(ITEM_B, 'ubuntu', [], 2))
      .then([ev.itemAdded(ITEM_B, 'ubuntu', 2)]);
  });

  it('allows other names, and the same name in another library', () => {
    spec
      .given([ev.created(), ev.itemAdded(ITEM_A, 'ubuntu')])
      .when(cmd.addItem(ITEM_B, 'debian', [ITEM_A], 2))
      .then([ev.itemAdded(ITEM_B, 'debian', 2)]);
  });

  it('is a no-op for an item already listed (a retried create)', () => {
    spec
      .given([ev.created(), ev.itemAdded(ITEM_A, 'ubuntu')])
      .when(cmd.addItem(ITEM_A, 'ubuntu', [ITEM_A]))
      .thenNothing();
  });

  it('answers not found for a library that does not exist', () => {
    spec.given([]).when(cmd.addItem(ITEM_A, 'ubuntu')).thenFails('LibraryNotFound');
  });
});

describe('evolve', () => {
  it('ignores events that cannot apply (a corrupted stream never throws)', () => {
    const none = localLibraryDecider.initialState;
    expect(localLibraryDecider.evolve(none, ev.itemAdded(ITEM_A, 'a'))).toBe(none);
    const created = foldLocalLibrary([ev.created()]);
    expect(localLibraryDecider.evolve(created, ev.created(5))).toBe(created);
  });
});
