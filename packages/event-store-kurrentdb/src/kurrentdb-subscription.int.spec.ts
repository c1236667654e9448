/**
 * The subscription's reconnection logic against the real client over real gRPC, with a scripted
 * stand-in for KurrentDB's Streams.Read endpoint (no KurrentDB can run here). It checks what the
 * contract suite cannot provoke on a healthy server: dropped connections and the resume position.
 */
import type * as GrpcJs from '@grpc/grpc-js';
import type * as TimestampModule from 'google-protobuf/google/protobuf/timestamp_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import {
  type ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { StreamIdentifier, UUID } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import type { Subscription, SubscriptionMessage } from '@upload-sessions/event-store';
import { isLeft } from 'fp-ts/Either';
import { createRequire } from 'node:module';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { toGlobalPosition } from './kurrentdb-position';

// The gRPC and protobuf libraries the client itself loads, so that the generated definitions fit them.
const clientRequire = createRequire(require.resolve('@kurrent/kurrentdb-client'));
const grpc = clientRequire('@grpc/grpc-js') as typeof GrpcJs;
const { Timestamp } = clientRequire('google-protobuf/google/protobuf/timestamp_pb') as typeof TimestampModule;

type ReadCall = GrpcJs.ServerWritableStream<ReadReq, ReadResp>;

const positionOf = (n: number) => ({ commit: BigInt(n * 100), prepare: BigInt(n * 100) });
const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const TICKS_AT_2026 = (BigInt(Date.UTC(2026, 0, 1)) * 10_000n).toString();

const confirmation = () =>
  new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId('scripted'));
/** KurrentDB 23.10+ says where it caught up (the client reads the position only next to a timestamp). */
const caughtUp = (at?: number) => {
  const mark = new ReadResp.CaughtUp();
  if (at !== undefined) {
    mark.setTimestamp(new Timestamp().setSeconds(1_767_225_600));
    mark.setPosition(
      new ReadResp.Position().setCommitPosition(String(at * 100)).setPreparePosition(String(at * 100)),
    );
  }
  return new ReadResp().setCaughtUp(mark);
};
const eventAt = (n: number, streamName = 'upload-1', type = 'UploadProgressed') => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(idOf(n)))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(streamName)))
    .setStreamRevision(String(n))
    .setCommitPosition(String(positionOf(n).commit))
    .setPreparePosition(String(positionOf(n).prepare))
    .setData(Buffer.from(JSON.stringify({ n })))
    .setCustomMetadata(Buffer.from(JSON.stringify({ correlationId: 'c-1', $correlationId: 'c-1' })));
  recorded
    .getMetadataMap()
    .set('type', type)
    .set('content-type', 'application/json')
    .set('created', TICKS_AT_2026);
  return new ReadResp().setEvent(
    new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(n * 100)),
  );
};

/** One server lifetime: answers each Read with `script` and remembers the requests. */
class ScriptedServer {
  readonly requests: ReadReq[] = [];
  private readonly server = new grpc.Server();

  private constructor(script: (call: ReadCall) => void) {
    const unimplemented = (_call: unknown, callback: (error: Partial<GrpcJs.ServiceError>) => void) =>
      callback({ code: grpc.status.UNIMPLEMENTED });
    this.server.addService(StreamsService, {
      read: (call: ReadCall) => {
        this.requests.push(call.request);
        script(call);
      },
      append: unimplemented,
      delete: unimplemented,
      tombstone: unimplemented,
      batchAppend: unimplemented,
    });
  }

  static async start(
    script: (call: ReadCall) => void,
    port = 0,
  ): Promise<{ server: ScriptedServer; port: number }> {
    const scripted = new ScriptedServer(script);
    const bound = await new Promise<number>((resolve, reject) =>
      scripted.server.bindAsync(
        `127.0.0.1:${port}`,
        grpc.ServerCredentials.createInsecure(),
        (error, actual) => (error ? reject(error) : resolve(actual)),
      ),
    );
    return { server: scripted, port: bound };
  }

  /** Drops every connection at once, as a crashed or restarted node does. */
  kill(): void {
    this.server.forceShutdown();
  }
}

const requestedPosition = (request: ReadReq | undefined) => {
  const all = request?.getOptions()?.getAll();
  const position = all?.getPosition();
  return all?.hasStart()
    ? 'start'
    : position && `${position.getCommitPosition()}/${position.getPreparePosition()}`;
};

const read = async (iterator: AsyncIterator<SubscriptionMessage>, count: number) => {
  const messages: SubscriptionMessage[] = [];
  while (messages.length < count) {
    const next = await iterator.next();
    if (next.done === true) break;
    messages.push(next.value);
  }
  return messages.map((message) =>
    message.kind === 'event'
      ? `event ${message.event.data['n'] as number}`
      : `caught-up ${message.position ?? '-'}`,
  );
};

describe('KurrentDbSubscription over the real client and a scripted Streams.Read endpoint', () => {
  const servers: ScriptedServer[] = [];
  const stores: KurrentDbEventStore[] = [];
  const subscriptions: Subscription[] = [];

  const storeAt = (port: number) => {
    const created = KurrentDbEventStore.fromConnectionString(`kurrentdb://127.0.0.1:${port}?tls=false`, {
      subscriptionBackoff: { baseMs: 10, capMs: 100 },
    });
    if (isLeft(created)) throw new Error(created.left.message);
    stores.push(created.right);
    return created.right;
  };

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    await Promise.all(stores.splice(0).map((store) => store.close()));
    servers.splice(0).forEach((server) => server.kill());
  });

  it('delivers history, then caught-up in log order at the position the server reports, then live events', async () => {
    const { server, port } = await ScriptedServer.start((call) => {
      // Caught up at 250: the server also scanned events the filter skipped after event 2.
      [confirmation(), eventAt(1), eventAt(2), caughtUp(2.5), eventAt(3)].forEach((message) =>
        call.write(message),
      );
    });
    servers.push(server);
    const subscription = storeAt(port).subscribeToAll({ filter: { streamPrefixes: ['upload-'] } });
    subscriptions.push(subscription);
    const iterator = subscription[Symbol.asyncIterator]();

    // The subscription opens on the first next(); the rest then arrives while nobody reads, so the
    // mark sits in the client's buffer behind event 2 and before event 3, and only its ordering is tested.
    expect(await read(iterator, 1)).toEqual(['event 1']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await read(iterator, 3)).toEqual([
      'event 2',
      `caught-up ${toGlobalPosition(positionOf(2.5))}`,
      'event 3',
    ]);
    const filter = server.requests[0]?.getOptions()?.getFilter();
    expect(filter?.getStreamIdentifier()?.getPrefixList()).toEqual(['upload-']);
    expect(requestedPosition(server.requests[0])).toBe('start');
  });

  it('after a dropped connection, resubscribes after the last event it handed out', async () => {
    let first = true;
    const script = (call: ReadCall) => {
      // The first lifetime also reports a checkpoint beyond the delivered events, as filtered reads do:
      // it was never handed out, so it must not become the resume position.
      const checkpoint = new ReadResp().setCheckpoint(
        new ReadResp.Checkpoint().setCommitPosition('900').setPreparePosition('900'),
      );
      const messages = first
        ? [eventAt(1), eventAt(2), eventAt(3), checkpoint]
        : // Events up to the resume position again, as if the server treated it as inclusive.
          [eventAt(2), eventAt(3), caughtUp(), eventAt(4)];
      first = false;
      [confirmation(), ...messages].forEach((message) => call.write(message));
    };
    const initial = await ScriptedServer.start(script);
    servers.push(initial.server);
    const subscription = storeAt(initial.port).subscribeToAll({ filter: { streamPrefixes: ['upload-'] } });
    subscriptions.push(subscription);
    const iterator = subscription[Symbol.asyncIterator]();

    expect(await read(iterator, 3)).toEqual(['event 1', 'event 2', 'event 3']);
    // Time for the checkpoint to arrive too, then the node goes away; the retries begin.
    await new Promise((resolve) => setTimeout(resolve, 100));
    initial.server.kill();
    const afterDrop = read(iterator, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const restarted = await ScriptedServer.start(script, initial.port);
    servers.push(restarted.server);

    expect(await afterDrop).toEqual([`caught-up ${toGlobalPosition(positionOf(3))}`, 'event 4']);
    expect(restarted.server.requests.map(requestedPosition)).toEqual(['300/300']);
    expect(initial.server.requests.length + restarted.server.requests.length).toBe(2);
  });

  it('close() ends a subscription that is waiting for live events', async () => {
    const { server, port } = await ScriptedServer.start((call) => {
      [confirmation(), caughtUp()].forEach((message) => call.write(message));
    });
    servers.push(server);
    const subscription = storeAt(port).subscribeToAll({ after: toGlobalPosition(positionOf(7)) });
    const iterator = subscription[Symbol.asyncIterator]();
    expect(await read(iterator, 1)).toEqual([`caught-up ${toGlobalPosition(positionOf(7))}`]);
    expect(requestedPosition(server.requests[0])).toBe('700/700');
    expect(server.requests[0]?.getOptions()?.getFilter()?.getEventType()?.getRegex()).toBe('^[^$].*');

    const pending = iterator.next();
    await subscription.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});
