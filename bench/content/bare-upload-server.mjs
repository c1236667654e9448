// The floor of an HTTP upload in Node, for bench/content: a bare node:http server in its own process.
//   PUT /discard  reads the body and drops it (what loopback HTTP alone costs)
//   PUT /write    SHA-256 of the body and the body into a file of <dir>, synced before the answer (what the
//                 service must do at least)
// Prints its port on stdout, then serves until killed.
/* global process, console */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = process.argv[2];
const server = createServer((req, res) => {
  if (req.url === '/discard') {
    req.resume();
    req.on('end', () => res.end());
    return;
  }
  const sha = createHash('sha256');
  req.on('data', (chunk) => sha.update(chunk));
  const path = join(dir, `bare-${randomBytes(4).toString('hex')}`);
  pipeline(req, createWriteStream(path, { flush: true })).then(
    () => {
      res.setHeader('etag', `"${sha.digest('hex')}"`);
      res.end();
      rmSync(path, { force: true });
    },
    (error) => {
      res.statusCode = 500;
      res.end(String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
