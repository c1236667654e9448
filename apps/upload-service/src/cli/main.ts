#!/usr/bin/env node
// `upload-sessions` (npx upload-sessions …): the audit trail, read-model rebuild and status, from the
// command line, with the service's own configuration.
import { processOutput } from '@upload-sessions/read-side/cli/cli-output';
import { runCli } from '@upload-sessions/read-side/cli/run-cli';
import { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
import { loadServiceConfig } from '../app/service-config';
import { serviceReadModels } from '../app/service-read-models';

void runCli(
  { readModels: serviceReadModels, hashPassword, loadConfig: (env) => loadServiceConfig(env) },
  process.argv.slice(2),
  process.env,
  processOutput,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
