import type { Provider } from '@nestjs/common';
import type * as E from 'fp-ts/Either';
import type * as t from 'io-ts';

/** What a slice's value may depend on besides its variables. */
export interface ConfigContext {
  /** Relative paths are resolved against it. */
  readonly cwd: string;
}

/**
 * One module's part of the configuration: the environment variables it reads (each with its io-ts
 * codec), the value its module is given, and the injection token that value is provided under.
 * The module that uses a setting owns its slice (a dialect's settings live in the dialect), and
 * `loadConfig` reads every slice the composition root lists at once.
 */
export interface ConfigSlice<K extends string = string, A = unknown> {
  /** Where the value sits in the loaded configuration (`config.<key>`). */
  readonly key: K;
  /** The injection token its module reads the value from. */
  readonly token: symbol;
  /** Its variables by name (also the keys of the optional CONFIG_FILE). A variable several slices read is the same codec in each. */
  readonly variables: t.Props;
  /** The value, from its decoded variables; Left: one message per bad combination, naming the variables. */
  readonly build: (
    decoded: Readonly<Record<string, unknown>>,
    context: ConfigContext,
  ) => E.Either<string[], A>;
}

/** A slice's variables once decoded, the defaulted ones always present. */
export type SliceValues<P extends t.Props, D> = t.TypeOf<t.PartialC<P>> & {
  readonly [N in keyof D & keyof P]-?: t.TypeOf<P[N]>;
};

/** Defines a slice: `defaults` fill the variables left unset before `build` sees them. */
export const defineConfigSlice = <
  K extends string,
  P extends t.Props,
  D extends Partial<t.TypeOf<t.PartialC<P>>>,
  A,
>(spec: {
  readonly key: K;
  readonly token: symbol;
  readonly variables: P;
  readonly defaults: D;
  readonly build: (values: SliceValues<P, D>, context: ConfigContext) => E.Either<string[], A>;
}): ConfigSlice<K, A> => ({
  key: spec.key,
  token: spec.token,
  variables: spec.variables,
  build: (decoded, context) => {
    const own: Record<string, unknown> = { ...spec.defaults };
    for (const name of Object.keys(spec.variables))
      if (decoded[name] !== undefined) own[name] = decoded[name];
    return spec.build(own as SliceValues<P, D>, context);
  },
});

/** The value of a slice. */
export type SliceValue<S> = S extends ConfigSlice<string, infer A> ? A : never;

/** The loaded configuration of a list of slices: each slice's value under its key. */
export type ConfigOf<S extends readonly ConfigSlice[]> = {
  readonly [X in S[number] as X['key']]: SliceValue<X>;
};

/** Each slice's value under its token, for the root's infrastructure module to provide. */
export const configProviders = (slices: readonly ConfigSlice[], config: object): Provider[] =>
  slices.map((slice) => ({
    provide: slice.token,
    useValue: (config as Readonly<Record<string, unknown>>)[slice.key],
  }));
