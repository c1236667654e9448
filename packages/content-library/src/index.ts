// Public API of @upload-sessions/content-library: vSphere's local libraries and library items as pure
// deciders, with their commands, events (io-ts codecs, schema versions, upcasters) and refusals.
export * from './library-error';
export * from './library-item/content-version';
export * from './library-item/item-file';
export * from './library-item/library-item-commands';
export * from './library-item/library-item-decider';
export * from './library-item/library-item-events';
export * from './local-library/local-library-commands';
export * from './local-library/local-library-decider';
export * from './local-library/local-library-events';
