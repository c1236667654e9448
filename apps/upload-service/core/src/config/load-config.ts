import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { ConfigOf, ConfigSlice } from './config-slice';

/** One line per bad value, naming the variable (and the place inside it), what it must be and what it was. */
const describeErrors = (errors: t.Errors, origin: (name: string) => string): string[] => {
  const lines = errors.map((error) => {
    const name = error.context[1]?.key ?? '?';
    const inner = error.context
      .slice(2)
      .map((entry) => entry.key)
      .filter((key) => key !== '' && !/^\d+$/.test(key))
      .join('.');
    const indices = error.context.slice(2).filter((entry) => /^\d+$/.test(entry.key));
    const where = `${name}${indices.length > 0 ? `[${indices.map((e) => e.key).join('][')}]` : ''}${inner !== '' ? `.${inner}` : ''}`;
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
    const shown = JSON.stringify(error.value) ?? 'nothing';
    const detail = error.message ?? `must be ${expected}`;
    return `${where}${origin(name)}: ${detail} (got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown})`;
  });
  return [...new Set(lines)];
};

const readConfigFile = (
  file: string,
  variableNames: ReadonlySet<string>,
): E.Either<string[], Record<string, unknown>> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    return E.left([`CONFIG_FILE: cannot read ${file} as JSON (${(error as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return E.left([`CONFIG_FILE: ${file} must hold a JSON object keyed by variable name`]);
  }
  const unknown = Object.keys(parsed).filter((key) => !variableNames.has(key));
  return unknown.length > 0
    ? E.left(unknown.map((key) => `CONFIG_FILE: unknown setting ${key} in ${file}`))
    : E.right(parsed as Record<string, unknown>);
};

/** Every slice's variables in one codec; a variable two slices read must be the same codec in both. */
const variablesOf = (slices: readonly ConfigSlice[]): t.Props => {
  const props: Record<string, t.Mixed> = {};
  for (const slice of slices) {
    for (const [name, codec] of Object.entries(slice.variables)) {
      if (props[name] !== undefined && props[name] !== codec) {
        throw new Error(`configuration slices disagree on how to read ${name} (${slice.key})`);
      }
      props[name] = codec;
    }
  }
  return props;
};

/**
 * Reads the slices' variables from the environment and, when CONFIG_FILE names one, a JSON file
 * (the environment wins). Left: one message per bad value, each naming its variable. Right: each
 * slice's value under its key.
 */
export const loadConfig = <S extends readonly ConfigSlice[]>(
  slices: S,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): E.Either<string[], ConfigOf<S>> => {
  const props = variablesOf(slices);
  const variableNames = new Set(Object.keys(props));
  const fromEnv: Record<string, unknown> = {};
  for (const name of variableNames) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[name] = value;
  }
  const configFile = env['CONFIG_FILE'];
  const file =
    configFile !== undefined && configFile !== ''
      ? readConfigFile(path.resolve(cwd, configFile), variableNames)
      : E.right({});
  if (E.isLeft(file)) return file;

  const raw = { ...file.right, ...fromEnv };
  const origin = (name: string): string => (name in fromEnv || !(name in raw) ? '' : ` (in CONFIG_FILE)`);
  const decoded = t.partial(props).decode(raw);
  if (E.isLeft(decoded)) return E.left(describeErrors(decoded.left, origin));

  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const slice of slices) {
    const built = slice.build(decoded.right, { cwd });
    if (E.isLeft(built)) problems.push(...built.left);
    else config[slice.key] = built.right;
  }
  return problems.length > 0 ? E.left(problems) : E.right(config as ConfigOf<S>);
};
