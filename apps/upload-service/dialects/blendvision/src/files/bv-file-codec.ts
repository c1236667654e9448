import { bvFileEvents, type BvFileEvent } from '@upload-sessions/library-file';
import type { EventCodec } from '@upload-sessions/event-sourcing';
import { versionedEventCodec } from '@upload-sessions/service-core/event-sourcing/versioned-event-codec';

/** How BlendVision file events are stored (versions and upcasting: the domain package). */
export const bvFileCodec: EventCodec<BvFileEvent> = versionedEventCodec(bvFileEvents);
