import { left, right, type Either } from 'fp-ts/Either';

export interface InvalidConnectionString {
  readonly _tag: 'InvalidConnectionString';
  /** Safe to log: credentials are masked. */
  readonly message: string;
}

export const invalidConnectionString = (message: string): InvalidConnectionString => ({
  _tag: 'InvalidConnectionString',
  message,
});

// `esdb` is the EventStoreDB-era name of the same scheme; the client accepts it but warns on every use.
const SCHEMES: Readonly<Record<string, string>> = {
  kurrentdb: 'kurrentdb',
  kurrent: 'kurrent',
  kdb: 'kdb',
  esdb: 'kurrentdb',
  'kurrentdb+discover': 'kurrentdb+discover',
  'kurrent+discover': 'kurrent+discover',
  'kdb+discover': 'kdb+discover',
  'esdb+discover': 'kurrentdb+discover',
};

// The client's own option names. It warns about unknown ones by printing the whole string, password
// included, so we refuse them here first.
const OPTIONS = [
  'userCertFile',
  'userKeyFile',
  'maxDiscoverAttempts',
  'connectionName',
  'defaultDeadline',
  'discoveryInterval',
  'gossipTimeout',
  'nodePreference',
  'tls',
  'tlsVerifyCert',
  'tlsCAFile',
  'throwOnAppendFailure',
  'keepAliveInterval',
  'keepAliveTimeout',
];
const flat = (key: string): string => key.trim().toLowerCase().replace(/[_-]/g, '');
const KNOWN_OPTIONS = new Set(OPTIONS.map(flat));

const USERINFO = /^([^:/?#]+:\/\/)([^@/?#]*)@/;

/** The connection string with any `user:password@` masked, for messages and logs. */
export const redactConnectionString = (connectionString: string): string =>
  connectionString.replace(USERINFO, '$1***@');

/** Removes the credentials of `connectionString` from text that may quote it (e.g. a parser's message). */
export const scrubCredentials = (text: string, connectionString: string): string => {
  const userinfo = USERINFO.exec(connectionString.trim())?.[2];
  if (userinfo === undefined || userinfo === '') return text;
  const secrets = [userinfo, ...userinfo.split(':').slice(1)].filter((secret) => secret !== '');
  return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
};

/**
 * Checks the scheme and option names and rewrites the deprecated `esdb` scheme; everything else
 * (hosts, credentials, TLS options) is left to the client's parser.
 */
export const normaliseConnectionString = (
  connectionString: string,
): Either<InvalidConnectionString, string> => {
  const trimmed = connectionString.trim();
  const scheme = /^([A-Za-z+]+):\/\//.exec(trimmed)?.[1];
  const target = scheme === undefined ? undefined : SCHEMES[scheme.toLowerCase()];
  if (scheme === undefined || target === undefined) {
    return left(
      invalidConnectionString(
        `Unsupported KurrentDB connection string ${JSON.stringify(redactConnectionString(trimmed))}: ` +
          'expected kurrentdb://, kurrent://, kdb:// or esdb:// (optionally +discover)',
      ),
    );
  }
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : '';
  const unknown = query
    .split('&')
    .map((pair) => pair.split('=')[0] ?? '')
    .filter((key) => key.trim() !== '' && !KNOWN_OPTIONS.has(flat(key)));
  if (unknown.length > 0) {
    return left(
      invalidConnectionString(
        `Unknown KurrentDB connection option(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')}`,
      ),
    );
  }
  return right(`${target}://${trimmed.slice(scheme.length + 3)}`);
};

/**
 * The node(s) a connection string names (`host:port`, comma-separated for a cluster), without scheme,
 * credentials or options: what an operator needs to see in an error.
 */
export const nodesOf = (connectionString: string): string => {
  const afterScheme = connectionString.trim().replace(/^[^:/?#]+:\/\//, '');
  const hosts = afterScheme.replace(/^[^@/?#]*@/, '').split(/[/?#]/)[0] ?? '';
  return hosts === '' ? 'an unnamed node' : hosts;
};
