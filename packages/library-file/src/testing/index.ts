// `@upload-sessions/library-file/testing`: fixtures for specs of the file aggregate, and the domain's
// given/when/then helper.
export { DeciderSpecification, DeciderSpecificationError } from '@upload-sessions/domain/testing';
export * from './fixtures';
