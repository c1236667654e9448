import * as t from 'io-ts';

/**
 * Names and descriptions as the vSphere edge accepted them (it bounds and trims them): any string.
 * Being stricter here would refuse events already stored.
 */
export const Text = t.string;

/** A set of strings (held in memory only: commands carry it, events never do). */
export const readonlySetOf = <C extends t.Type<string, string, unknown>>(codec: C, name: string) =>
  new t.Type<ReadonlySet<string>, readonly string[], unknown>(
    name,
    (u): u is ReadonlySet<string> => u instanceof Set && [...u].every((v) => codec.is(v)),
    (u, c) => {
      if (!(u instanceof Set)) return t.failure(u, c, `expected ${name}: a Set`);
      const bad = [...u].find((v) => !codec.is(v));
      return bad === undefined
        ? t.success(u as ReadonlySet<string>)
        : t.failure(bad, c, `expected ${codec.name}`);
    },
    (set) => [...set],
  );
