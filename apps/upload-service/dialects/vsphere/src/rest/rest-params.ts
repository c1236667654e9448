import { idParam } from '../codecs/params';
import { invalidArgument, notFound } from '../errors/vapi-error';
import { vapiHttpError } from '../errors/vapi-error-renderer';

/**
 * A `/rest` resource segment `id:<id>` (govmomi's `Resource.WithID`): the id, checked like `/api`'s
 * path ids. A segment without the `id:` prefix names no resource of the family: 404.
 */
export const restId = (segment: string, what: string): string => {
  if (!segment.startsWith('id:')) throw vapiHttpError(notFound('The requested resource does not exist.'));
  return idParam(segment.slice('id:'.length), what);
};

/** The `~action=` of a `/rest` POST, one of `allowed` (undefined when absent and `optional`). */
export function restAction<A extends string>(value: unknown, allowed: readonly A[]): A;
export function restAction<A extends string>(
  value: unknown,
  allowed: readonly A[],
  optional: boolean,
): A | undefined;
export function restAction<A extends string>(
  value: unknown,
  allowed: readonly A[],
  optional = false,
): A | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as A;
  throw vapiHttpError(invalidArgument(`~action must be one of ${allowed.join(', ')}.`, ['~action']));
}

/** Every `/rest` answer with a result wraps it: `{"value": …}`. */
export const value = <A>(result: A): { value: A } => ({ value: result });
