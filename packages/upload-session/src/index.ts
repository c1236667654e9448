// Public API of @upload-sessions/domain: the UploadSession decider, its commands, events, state,
// errors, codecs and event serialization, plus a given/when/then helper for deciders.
export * from './checksum';
export * from './commands';
export * from './decide';
export * from './decider';
export * from './declared-file';
export * from './event-decode-error';
export * from './event-metadata';
export * from './event-serialization';
export * from './events';
export * from './evolve';
export * from './file-state';
export * from './format-validation-errors';
export * from './ids';
export * from './json';
export {
  checkedString,
  instant,
  IsoDateTime,
  isIsoDateTime,
  MessageText,
  NonNegativeInteger,
  patternString,
  Percentage,
  record,
} from './primitives';
export * from './tagged-union';
export * from './upload-session-error';
export * from './upload-session-state';
export * from './upload-target';
export * from './versioned-events';
export * from './warning-behavior';
export * from './testing/decider-specification';
