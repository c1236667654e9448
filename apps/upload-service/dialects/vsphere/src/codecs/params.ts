import type * as t from 'io-ts';
import { validOrThrow } from '../vsphere-responses';
import { decode } from './decode';
import { ResourceId } from './vsphere-codecs';

/** A path or query id of either family: one this service issues, or 400 INVALID_ARGUMENT naming `what`. */
export const idParam = (value: unknown, what: string): string =>
  validOrThrow(decode(ResourceId, value, what));

/** An optional request part (a query parameter, a body): null when absent, else decoded or 400 naming `what`. */
export const optionalParam = <A>(codec: t.Decoder<unknown, A>, value: unknown, what: string): A | null =>
  value === undefined ? null : validOrThrow(decode(codec, value, what));
