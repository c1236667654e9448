import { open, type FileHandle } from 'node:fs/promises';

/**
 * The two system calls that make received bytes durable before they are acknowledged: a file's data
 * (fdatasync), and a folder's entries after a rename into it (fsync of the folder), without which a
 * crash could lose the new name even though the bytes were on disk.
 */
export interface DiskSync {
  readonly file: (handle: FileHandle) => Promise<void>;
  readonly directory: (dir: string) => Promise<void>;
}

export const durableDiskSync: DiskSync = {
  file: (handle) => handle.datasync(),
  directory: async (dir) => {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
