import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (e.g. a KurrentDB node) that a test can cut and restore: `cut()`
 * resets every open connection and refuses new ones (as a stopped node would), `restore()` lets
 * connections through again. Listens on a random port of 127.0.0.1.
 */
export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  cut(): void;
  restore(): void;
  /** Connections accepted since start (to check that traffic went through the proxy). */
  readonly accepted: () => number;
  close(): Promise<void>;
}

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  let open = true;
  let accepted = 0;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    accepted += 1;
    const upstream = connect(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    host: '127.0.0.1',
    port,
    cut: () => {
      open = false;
      cutAll();
    },
    restore: () => {
      open = true;
    },
    accepted: () => accepted,
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** The connection string with its (single) node replaced by the proxy's address. */
export const throughProxy = (connectionString: string, proxy: TcpProxy): string =>
  connectionString.replace(/^([^:/?#]+:\/\/(?:[^@/?#]*@)?)[^/?#,]+/, `$1${proxy.host}:${proxy.port}`);
