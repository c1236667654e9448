import * as t from 'io-ts';

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * A union discriminated by `type`, keyed by the tag. Unlike `t.union` it reports the errors of the one
 * member the tag names (or that the tag is unknown), not of every member.
 */
export const taggedUnion = <M extends Record<string, t.Mixed>>(
  name: string,
  members: M,
): t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown> => {
  type A = t.TypeOf<M[keyof M]>;
  const memberFor = (tag: unknown): t.Mixed | undefined =>
    typeof tag === 'string' && Object.hasOwn(members, tag) ? members[tag] : undefined;
  const known = Object.keys(members).join(', ');
  return new t.Type<A, t.OutputOf<M[keyof M]>, unknown>(
    name,
    (u): u is A => isObject(u) && (memberFor(u['type'])?.is(u) ?? false),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c, `expected ${name}: an object with a "type" (one of ${known})`);
      const member = memberFor(u['type']);
      if (member === undefined) {
        const at = [...c, { key: 'type', type: t.string, actual: u['type'] }];
        return t.failure(
          u['type'],
          at,
          `unknown ${name} type ${JSON.stringify(u['type'])}; expected one of ${known}`,
        );
      }
      return member.validate(u, c);
    },
    (a) => (memberFor((a as { type?: unknown }).type) ?? t.unknown).encode(a),
  );
};
