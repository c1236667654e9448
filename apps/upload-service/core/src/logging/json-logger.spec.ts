import { JsonLogger } from './json-logger';

const logged = (log: (logger: JsonLogger) => void): Record<string, unknown>[] => {
  const lines: string[] = [];
  log(new JsonLogger('info', (line) => lines.push(line)));
  return lines.map((line) => {
    expect(line.endsWith('\n')).toBe(true);
    return JSON.parse(line) as Record<string, unknown>;
  });
};

describe('JsonLogger', () => {
  it('writes one JSON line per entry at or above its level, with the fields', () => {
    const entries = logged((logger) => {
      logger.entry('debug', 'hidden');
      logger.entry('info', 'request', { status: 201, path: '/x' });
    });
    expect(entries).toEqual([
      { time: expect.any(String) as unknown, level: 'info', msg: 'request', status: 201, path: '/x' },
    ]);
  });

  it('writes BigInts as strings, and reports an entry that cannot be serialised instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const entries = logged((logger) => {
      logger.entry('warn', 'big', { n: 2n ** 64n });
      logger.entry('warn', 'cycle', { cyclic });
    });
    expect(entries.map((e) => [e['msg'], e['n'] ?? null])).toEqual([
      ['big', '18446744073709551616'],
      ['unserialisable log entry', null],
    ]);
  });

  it("logs Nest's start-up chatter (route mapping, modules) at debug, its other messages as given", () => {
    const entries = logged((logger) => {
      logger.log('Mapped {/api/session, POST} route', 'RouterExplorer');
      logger.log('AppModule dependencies initialized', 'InstanceLoader');
      logger.log('something else', 'SomeService');
    });
    expect(entries.map((e) => [e['msg'], e['level'], e['context']])).toEqual([
      ['something else', 'info', 'SomeService'],
    ]);
    const lines: string[] = [];
    new JsonLogger('debug', (line) => lines.push(line)).log('Mapped {/x, GET} route', 'RouterExplorer');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'debug', context: 'RouterExplorer' });
  });

  it('writes one readable line per entry with LOG_FORMAT=pretty', () => {
    const lines: string[] = [];
    new JsonLogger('info', (line) => lines.push(line), 'pretty').entry('warn', 'listening', {
      url: 'http://127.0.0.1:8080',
      users: ['a'],
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d\.\d{3} WARN {2}listening {2}url=http:\/\/127\.0\.0\.1:8080 users=\["a"\]\n$/,
      ),
    ]);
  });
});
