import type * as t from 'io-ts';

// Containers whose context keys are member indexes, not positions in the data: left out of paths.
const transparent = new Set(['UnionType', 'IntersectionType']);

// Wrappers that validate with their inner codec under the same context entry.
const wrappers = new Set(['ReadonlyType', 'ExactType', 'RefinementType']);

const innermostTag = (codec: unknown): string | undefined => {
  let current = codec as { _tag?: string; type?: unknown } | undefined;
  while (current?._tag !== undefined && wrappers.has(current._tag)) {
    current = current.type as { _tag?: string; type?: unknown } | undefined;
  }
  return current?._tag;
};

const pathOf = (context: t.Context): string => {
  const keys: string[] = [];
  context.forEach((entry, index) => {
    if (index === 0) return;
    const parentTag = innermostTag(context[index - 1]?.type);
    if (parentTag !== undefined && transparent.has(parentTag)) return;
    keys.push(/^\d+$/.test(entry.key) ? `[${entry.key}]` : keys.length === 0 ? entry.key : `.${entry.key}`);
  });
  return keys.length === 0 ? '(root)' : keys.join('');
};

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
};

/**
 * One readable line per io-ts error: where, what was expected, what was there, e.g.
 * `at files[0].name: expected FileName (...), got "a/b"`.
 */
export const formatValidationErrors = (errors: t.Errors): readonly string[] => {
  const lines = errors.map((error) => {
    const where = pathOf(error.context);
    if (error.message !== undefined) return `at ${where}: ${error.message}`;
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
    return `at ${where}: expected ${expected}, got ${show(error.value)}`;
  });
  return [...new Set(lines)];
};
