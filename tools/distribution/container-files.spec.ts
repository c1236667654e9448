import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DockerfileParser,
  type Copy,
  type Healthcheck,
  type Instruction,
  type JSONInstruction,
} from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Docker does not run on the machines this project is built on, so the container files are checked
 * by parsing them: the Dockerfile with dockerfile-ast, the compose file with a YAML parser.
 */
describe('Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));

  /** Instructions grouped by the FROM that starts their stage. */
  const stages = (): { name: string | null; image: string; instructions: Instruction[] }[] => {
    const found: { name: string | null; image: string; instructions: Instruction[] }[] = [];
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction.getKeyword() === 'FROM') {
        const from = dockerfile
          .getFROMs()
          .find((f) => f.getRange().start.line === instruction.getRange().start.line);
        found.push({ name: from?.getBuildStage() ?? null, image: from?.getImage() ?? '', instructions: [] });
      } else {
        found[found.length - 1]?.instructions.push(instruction);
      }
    }
    return found;
  };
  const argsOf = (instruction: Instruction): string => instruction.getArgumentsContent() ?? '';
  const runtime = () => stages().at(-1)!;
  const keywords = (instructions: Instruction[], keyword: string) =>
    instructions.filter((i) => i.getKeyword() === keyword);

  it('has a build stage and a runtime stage, both on Node 24 slim', () => {
    expect(stages().map((s) => [s.name, s.image])).toEqual([
      ['build', 'node:24-slim'],
      ['runtime', 'node:24-slim'],
    ]);
  });

  it('installs with npm ci and builds in the build stage; the runtime copies only its output', () => {
    const build = stages()[0]!;
    const runs = keywords(build.instructions, 'RUN').map(argsOf);
    expect(runs.some((r) => r.startsWith('npm ci'))).toBe(true);
    expect(runs.some((r) => r.includes('nx run upload-service:build'))).toBe(true);
    expect(runs.some((r) => r.includes('npm prune --omit=dev'))).toBe(true);
    const copies = keywords(runtime().instructions, 'COPY') as Copy[];
    const flags = (copy: Copy) => Object.fromEntries(copy.getFlags().map((f) => [f.getName(), f.getValue()]));
    expect(copies.map((c) => [argsOf(c), flags(c)])).toEqual([
      ['/out/ ./', { from: 'build', chown: 'node:node' }],
    ]);
    // No install, no compiler in the final stage.
    expect(keywords(runtime().instructions, 'RUN').map(argsOf).join('\n')).not.toMatch(
      /npm (ci|install)|tsc|nx /,
    );
  });

  it('copies every workspace package into the build stage and gathers each one for the runtime', () => {
    const build = stages()[0]!;
    const copied = (keywords(build.instructions, 'COPY') as Copy[]).map(argsOf);
    const { workspaces } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    // Each workspace lies under a folder copied whole before `npm ci` (npm ci needs every manifest).
    for (const workspace of workspaces) {
      const top = workspace.split('/')[0]!;
      expect(copied).toContain(`${top} ${top}`);
    }
    // The runtime gathers the workspaces the root manifest lists, not a hand-kept subset of them.
    const gather = keywords(build.instructions, 'RUN')
      .map(argsOf)
      .find((r) => r.includes('npm prune'));
    expect(gather).toContain(`require('./package.json').workspaces`);
  });

  it('runs as the unprivileged node user, with data and content as volumes and port 8080', () => {
    const users = keywords(runtime().instructions, 'USER').map(argsOf);
    expect(users).toEqual(['node']);
    const volumes = keywords(runtime().instructions, 'VOLUME').flatMap((v) =>
      (v as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue()),
    );
    expect(volumes).toEqual(['/data', '/content']);
    expect(keywords(runtime().instructions, 'EXPOSE').map(argsOf)).toEqual(['8080']);
    const env = keywords(runtime().instructions, 'ENV').map(argsOf).join(' ');
    expect(env).toMatch(/DATA_DIR=\/data/);
    expect(env).toMatch(/CONTENT_DIR=\/content/);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    // The service starts as node's child-free main process, in exec form so it gets SIGTERM.
    const cmd = keywords(runtime().instructions, 'CMD')[0] as JSONInstruction;
    expect(cmd.getJSONStrings().map((s) => s.getJSONValue())).toEqual([
      'node',
      'apps/upload-service/dist/main.js',
    ]);
  });

  it('checks its health on /health/ready', () => {
    const checks = dockerfile.getHEALTHCHECKs();
    expect(checks).toHaveLength(1);
    const check = checks[0] as Healthcheck;
    expect(check.getSubcommand()?.getValue()).toBe('CMD');
    expect(
      check
        .getFlags()
        .map((f) => f.getName())
        .sort(),
    ).toEqual(['interval', 'retries', 'start-period', 'timeout']);
    expect(argsOf(check)).toContain('/health/ready');
    expect(argsOf(check)).toContain('process.exit(r.ok ? 0 : 1)');
  });

  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.tools', 'data']));
  });
});

interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly environment?: Record<string, string>;
  readonly healthcheck?: { readonly test: string | string[] };
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly volumes?: string[];
  readonly ports?: string[];
}

describe('docker-compose.yml', () => {
  const compose = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const kurrentdb = compose.services['kurrentdb']!;
  const service = compose.services['upload-service']!;

  it('starts KurrentDB and the service built from this repository', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kurrentdb', 'upload-service']);
    expect(kurrentdb.image).toMatch(/kurrentdb/);
    expect(service.build).toBe('.');
  });

  it('gives KurrentDB fixed append limits, the event limit within the append limit (KurrentDB >= 25.1)', () => {
    const env = kurrentdb.environment ?? {};
    const append = Number(env['KURRENTDB_MAX_APPEND_SIZE']);
    const event = Number(env['KURRENTDB_MAX_APPEND_EVENT_SIZE']);
    expect(append).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(event).toBeGreaterThan(1024 * 1024);
    expect(event).toBeLessThanOrEqual(append);
  });

  it('checks the health of both, and starts the service once KurrentDB is healthy', () => {
    expect(JSON.stringify(kurrentdb.healthcheck?.test)).toContain('/health/live');
    expect(JSON.stringify(service.healthcheck?.test)).toContain('/health/ready');
    expect(service.depends_on).toEqual({ kurrentdb: { condition: 'service_healthy' } });
  });

  it('points the service at KurrentDB, listens on all interfaces, and keeps data and content in volumes', () => {
    const env = service.environment ?? {};
    expect(env['KURRENTDB_CONNECTION_STRING']).toBe('kurrentdb://kurrentdb:2113?tls=false');
    expect([env['HOST'], env['PORT'], env['DATA_DIR'], env['CONTENT_DIR']]).toEqual([
      '0.0.0.0',
      '8080',
      '/data',
      '/content',
    ]);
    expect(service.ports).toEqual(['8080:8080']);
    expect(service.volumes).toEqual(['upload-data:/data', 'upload-content:/content']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['kurrentdb-data', 'upload-content', 'upload-data']);
  });
});
