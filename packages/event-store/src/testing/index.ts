/**
 * Test support for adapters (the contract suite uses Jest globals when run, so call it from tests only)
 * and the counting store wrapper tests and benchmarks measure round trips with.
 */
export { runEventStoreContract, type ContractOptions } from './event-store-contract';
export type { EventStoreFixture, MakeEventStore } from './contract-fixtures';
export {
  CountingEventStore,
  STORE_CALLS,
  type CountingOptions,
  type StoreCall,
  type StoreCallCounts,
} from './counting-event-store';
