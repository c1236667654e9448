// `@upload-sessions/domain/testing`: given/when/then for any decider, for the domain packages' specs.
export * from './decider-specification';
export { firstDifference, type Difference } from './first-difference';
