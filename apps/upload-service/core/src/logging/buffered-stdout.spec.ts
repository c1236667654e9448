import { setImmediate as nextTurn } from 'node:timers/promises';
import { bufferedLines } from './buffered-stdout';

describe('bufferedLines', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const writes: string[] = [];
    const sink = bufferedLines({ write: (chunk) => writes.push(chunk) });
    sink.write('a\n');
    sink.write('b\n');
    sink.write('c\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n']);
    sink.write('d\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('flush writes what is pending at once (as on exit)', () => {
    const writes: string[] = [];
    const sink = bufferedLines({ write: (chunk) => writes.push(chunk) });
    sink.write('last\n');
    sink.flush();
    expect(writes).toEqual(['last\n']);
    sink.flush();
    expect(writes).toEqual(['last\n']);
  });
});
