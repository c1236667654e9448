import { isLeft, isRight } from 'fp-ts/Either';
import { UploadSessionCommand } from './commands';
import { formatValidationErrors } from './format-validation-errors';
import { cmd } from './test-support/fixtures';

const problems = (input: unknown): readonly string[] => {
  const result = UploadSessionCommand.decode(input);
  return isLeft(result) ? formatValidationErrors(result.left) : [];
};

describe('UploadSessionCommand codec', () => {
  const valid = [
    cmd.start({
      files: [{ name: 'disk.vmdk', size: 10, checksum: { algorithm: 'SHA1', value: 'ab'.repeat(20) } }],
    }),
    cmd.start({ target: { kind: 'file', fileId: 'file-1' }, clientToken: 'tok' }),
    cmd.addFile('disk.ovf', { size: 3 }),
    cmd.removeFile('disk.ovf'),
    cmd.recordContent('part-00001'),
    cmd.complete(),
    cmd.complete([{ name: 'part-00001', etag: '"e1"' }]),
    cmd.cancel(),
    cmd.fail(''),
    cmd.keepAlive(null),
    cmd.keepAlive(100),
    cmd.expire(),
    cmd.updateWarningBehavior([]),
    cmd.delete(),
  ];

  it.each(valid.map((command) => [command.type, command] as const))(
    'decodes a valid %s',
    (_type, command) => {
      const result = UploadSessionCommand.decode(command);
      expect(result).toEqual({ _tag: 'Right', right: command });
      expect(UploadSessionCommand.is(command)).toBe(true);
    },
  );

  it('drops unknown keys instead of carrying them into events', () => {
    const result = UploadSessionCommand.decode({ ...cmd.cancel(), extra: 'x' });
    expect(isRight(result) && result.right).toEqual(cmd.cancel());
  });

  it('names an unknown command type', () => {
    expect(problems({ type: 'PauseUploadSession', now: '2024-05-01T10:00:00Z' })).toEqual([
      expect.stringMatching(
        /^at type: unknown UploadSessionCommand type "PauseUploadSession"; expected one of /,
      ),
    ]);
    expect(problems('cancel')).toEqual([expect.stringContaining('expected UploadSessionCommand: an object')]);
  });

  it('points at the bad field with what it expected and got', () => {
    expect(problems({ ...cmd.start(), sessionId: 'bad id', now: 'yesterday' })).toEqual([
      'at sessionId: expected SessionId, got "bad id"',
      'at now: expected IsoDateTime (ISO-8601 with zone), got "yesterday"',
    ]);
  });

  it('reports nested paths', () => {
    const bad = cmd.start({
      files: [
        { name: 'ok', size: null, checksum: null },
        { name: '../x', size: -1, checksum: null },
      ],
    });
    const lines = problems(bad);
    expect(lines).toContain(
      'at files[1].name: expected FileName (1-255 chars; no "/", "\\", control chars; not "." or ".."), got "../x"',
    );
    expect(
      lines.some((line) => line.startsWith('at files[1].size: expected NonNegativeInteger, got -1')),
    ).toBe(true);
  });

  it('reports missing fields', () => {
    expect(problems({ type: 'RemoveFile', now: '2024-05-01T10:00:00Z' })).toEqual([
      expect.stringMatching(/^at name: expected FileName .*, got nothing$/),
    ]);
  });

  it('refuses out-of-range values', () => {
    expect(problems(cmd.keepAlive(101))).not.toEqual([]);
    expect(problems({ ...cmd.cancel(), reason: 'expired' })).not.toEqual([]);
    expect(
      problems(cmd.recordContent('a', { checksum: { algorithm: 'CRC32' as 'MD5', value: 'ab' } })),
    ).not.toEqual([]);
    expect(problems(cmd.fail('x'.repeat(4097)))).not.toEqual([]);
  });
});
