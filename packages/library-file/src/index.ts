// Public API of @upload-sessions/library-file: BlendVision's library file as a pure decider, with its
// commands, events (io-ts codecs, schema versions, upcasters) and refusals.
export * from './bv-file-commands';
export * from './bv-file-decider';
export * from './bv-file-error';
export * from './bv-file-events';
