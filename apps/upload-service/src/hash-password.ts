import { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';

/**
 * `node apps/upload-service/dist/hash-password.js <password>` (or the password on stdin): prints the
 * scrypt hash to put in a USERS entry's `passwordHash`.
 */
const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
};

const main = async (): Promise<void> => {
  const given = process.argv[2];
  if (given === undefined) process.stderr.write('hash-password: reading the password from stdin\n');
  const password = given ?? (await readStdin());
  if (password === '') {
    process.stderr.write('usage: node hash-password.js <password>   (or the password on stdin)\n');
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
};

void main();
