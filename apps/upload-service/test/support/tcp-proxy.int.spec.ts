import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { startTcpProxy, throughProxy, type TcpProxy } from './tcp-proxy';

/** Sends `text` through a fresh connection and answers what came back, or the error that ended it. */
const roundTrip = (port: number, text: string): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.length >= text.length) socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
    socket.on('close', () => resolve(received));
  });

describe('the test TCP proxy', () => {
  let echo: Server;
  let proxy: TcpProxy;
  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('passes bytes through, cuts open and new connections, and lets them through again', async () => {
    expect(await roundTrip(proxy.port, 'hello')).toBe('hello');
    // An open connection is reset by cut().
    const held = connect({ host: '127.0.0.1', port: proxy.port });
    await new Promise((resolve) => held.on('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heldEnd = new Promise<string>((resolve) => {
      held.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      held.on('close', () => resolve('closed'));
    });
    proxy.cut();
    expect(await heldEnd).toMatch(/ECONNRESET|closed/);
    expect(await roundTrip(proxy.port, 'again')).toMatch(/^(error ECONNRESET|)$/);
    proxy.restore();
    expect(await roundTrip(proxy.port, 'back')).toBe('back');
    expect(proxy.accepted()).toBeGreaterThanOrEqual(3);
  });

  it('rewrites a connection string to go through it, keeping credentials and options', () => {
    expect(throughProxy('kurrentdb://admin:pw@db:2113?tls=false', proxy)).toBe(
      `kurrentdb://admin:pw@127.0.0.1:${proxy.port}?tls=false`,
    );
    expect(throughProxy('kurrentdb://localhost:2113', proxy)).toBe(`kurrentdb://127.0.0.1:${proxy.port}`);
  });
});
