import { isLeft, isRight } from 'fp-ts/Either';
import {
  nodesOf,
  normaliseConnectionString,
  redactConnectionString,
  scrubCredentials,
} from './connection-string';
import { KurrentDbEventStore } from './kurrentdb-event-store';

describe('normaliseConnectionString', () => {
  it.each([
    'kurrentdb://localhost:2113?tls=false',
    'kurrent://localhost:2113?tls=false',
    'kdb://admin:changeit@localhost:2113?tls=true&tlsCAFile=/certs/ca.crt',
    'kurrentdb+discover://node1.example:2113,node2.example:2113?nodePreference=leader',
  ])('keeps %s as it is', (connectionString) => {
    expect(normaliseConnectionString(connectionString)).toEqual({ _tag: 'Right', right: connectionString });
  });

  it("rewrites EventStoreDB's deprecated esdb scheme, which the client warns about on every use", () => {
    expect(normaliseConnectionString('esdb://admin:changeit@localhost:2113?tls=false')).toEqual({
      _tag: 'Right',
      right: 'kurrentdb://admin:changeit@localhost:2113?tls=false',
    });
    expect(normaliseConnectionString('ESDB+discover://cluster.example:2113')).toEqual({
      _tag: 'Right',
      right: 'kurrentdb+discover://cluster.example:2113',
    });
  });

  it('accepts option names in any case and with dashes or underscores, as the client does', () => {
    expect(isRight(normaliseConnectionString('kurrentdb://localhost?TLS=false&tls-verify-cert=false'))).toBe(
      true,
    );
  });

  it.each(['http://localhost:2113', 'localhost:2113', 'postgres://user:pw@localhost/db', ''])(
    'refuses %j with a message that names the supported schemes',
    (connectionString) => {
      const result = normaliseConnectionString(connectionString);
      expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidConnectionString' } });
      expect(isLeft(result) && result.left.message).toContain('kurrentdb://');
    },
  );

  it('refuses unknown options, which the client would echo to the console with the password', () => {
    const result = normaliseConnectionString(
      'kurrentdb://admin:s3cret@localhost:2113?tls=false&tlsVerfyCert=false',
    );
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { message: expect.stringContaining('"tlsVerfyCert"') },
    });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });
});

describe('redactConnectionString and scrubCredentials', () => {
  it('masks user and password', () => {
    expect(redactConnectionString('kurrentdb://admin:s3cret@db:2113?tls=true')).toBe(
      'kurrentdb://***@db:2113?tls=true',
    );
    expect(redactConnectionString('kurrentdb://db:2113')).toBe('kurrentdb://db:2113');
  });

  it('removes the credentials from text that quotes the string', () => {
    const connectionString = 'kurrentdb://admin:s3cret@db:2113?tls=maybe';
    expect(scrubCredentials(`Unexpected "maybe" in ${connectionString}`, connectionString)).toBe(
      'Unexpected "maybe" in kurrentdb://***@db:2113?tls=maybe',
    );
    expect(scrubCredentials('password s3cret alone', connectionString)).toBe('password *** alone');
  });
});

describe('KurrentDbEventStore.fromConnectionString', () => {
  // The client connects lazily: building a store needs no server, so the real client parser runs here.
  it('builds a store from a valid string', async () => {
    const store = KurrentDbEventStore.fromConnectionString('esdb://admin:changeit@localhost:2113?tls=false');
    expect(isRight(store)).toBe(true);
    if (isRight(store)) await store.right.close();
  });

  it("returns the client parser's complaint as a value, without the password", () => {
    const result = KurrentDbEventStore.fromConnectionString(
      'kurrentdb://admin:s3cret@localhost:notaport?tls=false',
    );
    expect(result).toMatchObject({
      _tag: 'Left',
      left: {
        _tag: 'InvalidConnectionString',
        message: expect.stringContaining('kurrentdb://***@localhost'),
      },
    });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('reports a missing TLS CA file as a value', () => {
    const result = KurrentDbEventStore.fromConnectionString(
      'kurrentdb://admin:s3cret@localhost:2113?tls=true&tlsCAFile=/nonexistent/ca.crt',
    );
    expect(result).toMatchObject({ _tag: 'Left', left: { message: expect.stringContaining('not found') } });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });
});

describe('nodesOf', () => {
  it.each([
    ['kurrentdb://admin:changeit@db-1:2113?tls=false', 'db-1:2113'],
    ['esdb+discover://a:2113,b:2113,c:2113/?tls=true', 'a:2113,b:2113,c:2113'],
    ['kurrentdb://localhost:2113', 'localhost:2113'],
    ['kurrentdb://user@[::1]:2113', '[::1]:2113'],
  ])('names the node(s) of %s without credentials or options', (given, nodes) => {
    expect(nodesOf(given)).toBe(nodes);
  });
});
