export * from './catch-up-subscription';
export * from './commit-signal';
export * from './event-store';
export * from './event-store-error';
export * from './expected-revision';
export * from './global-filter';
export * from './global-position';
export * from './in-memory-event-store';
