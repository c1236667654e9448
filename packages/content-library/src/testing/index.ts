// `@upload-sessions/content-library/testing`: fixtures for specs of the library aggregates, and the
// domain's given/when/then helper.
export { DeciderSpecification, DeciderSpecificationError } from '@upload-sessions/domain/testing';
export * from './fixtures';
