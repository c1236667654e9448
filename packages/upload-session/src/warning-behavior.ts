import * as t from 'io-ts';
import { patternString, record } from './primitives';

/** vSphere's warning behavior: whether a warning type (e.g. `SELF_SIGNED_CERTIFICATE`) is ignored on complete. */
export const WarningBehavior = record(
  { type: patternString('WarningType', /^[A-Za-z0-9_.-]{1,128}$/), ignored: t.boolean },
  'WarningBehavior',
);
export type WarningBehavior = t.TypeOf<typeof WarningBehavior>;
