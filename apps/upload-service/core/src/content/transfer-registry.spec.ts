import { isSafeFileName, isResourceId } from './safe-names';
import { TransferRegistry } from './transfer-registry';

describe('TransferRegistry', () => {
  it('tracks transfers per file, refuses a second one of the same file, and aborts by session', () => {
    const registry = new TransferRegistry();
    const a = registry.begin('s1', 'a');
    const b = registry.begin('s1', 'b');
    const c = registry.begin('s2', 'a');
    expect(a && b && c).toBeTruthy();
    expect(registry.begin('s1', 'a')).toBeUndefined();
    a!.bytes = 42;
    expect(registry.progress('s1', 'a')).toBe(42);
    expect(registry.abortSession('s1', 'canceled')).toBe(2);
    expect([a!.signal.aborted, b!.signal.aborted, c!.signal.aborted]).toEqual([true, true, false]);
    expect((a!.signal.reason as Error).message).toBe('canceled');
    a!.end();
    b!.end();
    expect(registry.inFlight).toBe(1);
    expect(registry.begin('s1', 'a')).toBeDefined();
  });

  it('aborts one file', () => {
    const registry = new TransferRegistry();
    const a = registry.begin('s', 'a')!;
    const b = registry.begin('s', 'b')!;
    registry.abortFile('s', 'a', 'removed');
    expect([a.signal.aborted, b.signal.aborted]).toEqual([true, false]);
  });
});

describe('safe names', () => {
  it.each(['disk-0.vmdk', 'My Template.ovf', 'a', 'x+y_z.iso'])('accepts the file name %j', (name) =>
    expect(isSafeFileName(name)).toBe(true),
  );
  it.each([
    '',
    '.',
    '..',
    '../etc/passwd',
    'a/b',
    'a\\b',
    '.hidden',
    'trailing ',
    'nul\u0000',
    'x'.repeat(201),
  ])('refuses the file name %j', (name) => expect(isSafeFileName(name)).toBe(false));
  it('accepts only lowercase UUIDs as ids', () => {
    expect(isResourceId('3f2b8c1e-6a4d-4f1b-9c2e-1a2b3c4d5e6f')).toBe(true);
    expect(isResourceId('3F2B8C1E-6A4D-4F1B-9C2E-1A2B3C4D5E6F')).toBe(false);
    expect(isResourceId('../3f2b8c1e')).toBe(false);
  });
});
