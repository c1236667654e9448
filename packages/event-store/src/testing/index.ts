/** Test support for adapters; uses Jest globals, so import it from tests only. */
export { runEventStoreContract, type ContractOptions } from './event-store-contract';
export type { EventStoreFixture, MakeEventStore } from './contract-fixtures';
