import { PassThrough } from 'node:stream';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { addFile, createSession, filesUrl, type FileInfo } from './fixtures';
import { streamingPut, VsphereClient } from './http-client';
import { startService } from './service-harness';
import { VendorSpec } from './vendor-spec';

describe('graceful shutdown', () => {
  it('lets an upload in flight finish, then closes the event store', async () => {
    const service = await startService();
    const client = new VsphereClient(service.baseUrl, VendorSpec.load());
    await client.login(service.users!.alice.username, service.users!.alice.password);
    const id = await createSession(client);
    const file = await addFile(client, id, { name: 'late.bin', size: 2048 });
    const source = new PassThrough();
    const put = streamingPut(file.upload_endpoint!.uri, source);
    source.write(Buffer.alloc(1024, 1));
    for (let i = 0; i < 200; i++) {
      const info = (await client.request('GET', `${filesUrl(id)}/late.bin`)).body as FileInfo;
      if (info.status === 'TRANSFERRING') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const store = service.app.get<EventStore>(EVENT_STORE);

    const closing = service.stop();
    // The server no longer accepts new connections while the transfer goes on.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${service.baseUrl}/health`)).rejects.toThrow();
    expect(E.isRight(await store.headPosition())).toBe(true);

    source.end(Buffer.alloc(1024, 2));
    const result = await put;
    expect('status' in result && [result.status, result.headers['connection']]).toEqual([200, 'close']);
    await closing;
    expect(E.isLeft(await store.headPosition())).toBe(true);
  });
});
