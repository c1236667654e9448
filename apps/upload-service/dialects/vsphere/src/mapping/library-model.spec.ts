import type { LibraryItem } from '@upload-sessions/content-library';
import { toItemFileModels } from './library-model';

describe('toItemFileModels', () => {
  it('answers each file of the current content version with its checksum, as cached', () => {
    const item = {
      contentVersion: 3,
      files: [
        { name: 'a.iso', size: 10, checksum: { algorithm: 'SHA256', value: 'ab' } },
        { name: 'b.ovf', size: 0, checksum: { algorithm: 'SHA1', value: 'cd' } },
      ],
    } as unknown as LibraryItem;
    expect(toItemFileModels(item)).toEqual([
      {
        name: 'a.iso',
        size: 10,
        version: '3',
        cached: true,
        checksum_info: { algorithm: 'SHA256', checksum: 'ab' },
      },
      {
        name: 'b.ovf',
        size: 0,
        version: '3',
        cached: true,
        checksum_info: { algorithm: 'SHA1', checksum: 'cd' },
      },
    ]);
  });
});
