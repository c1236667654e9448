export * from './event-store';
export * from './event-store-error';
export * from './global-position';
