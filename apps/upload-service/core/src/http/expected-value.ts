import type * as t from 'io-ts';

const PRIMITIVES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  Int: 'an integer',
  null: 'null',
  UnknownRecord: 'a JSON object',
  UnknownArray: 'a JSON array',
};

const OBJECT_TAGS = new Set(['InterfaceType', 'PartialType', 'ExactType', 'StrictType', 'IntersectionType']);
const ARRAY_TAGS = new Set(['ArrayType', 'ReadonlyArrayType']);
/** io-ts' own names: `{ a: string }`, `Array<…>`, `(A | B)`, `"LOCAL" | "SUBSCRIBED"`, `A & B`. */
const GENERATED_NAME = /[{}<>]|^[("[]| \| | & /;

/**
 * What a value must be, in the client's words. Codecs named by hand (`a library type`) keep their
 * name; io-ts' generated names (`Partial<{ id: string, creation_time: … }>`, `(A | B)`) describe our
 * types, not the request, so they become "a JSON object", "a JSON array" or "a valid value".
 */
export const expectedValue = (type: t.Decoder<unknown, unknown> | undefined): string => {
  const name = type?.name ?? '';
  const primitive = PRIMITIVES[name];
  if (primitive !== undefined) return primitive;
  const tag = (type as { _tag?: unknown } | undefined)?._tag;
  if (typeof tag === 'string' && OBJECT_TAGS.has(tag) && /[{}<>&]/.test(name)) return 'a JSON object';
  if (typeof tag === 'string' && ARRAY_TAGS.has(tag) && /[<>[\]]/.test(name)) return 'a JSON array';
  if (name !== '' && !GENERATED_NAME.test(name)) return name;
  return 'a valid value';
};
