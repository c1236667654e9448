/** Failures of the machinery rather than refusals of the domain (defined by the event-sourcing core). */
export { concurrency, type InfrastructureError } from '@upload-sessions/event-sourcing';
