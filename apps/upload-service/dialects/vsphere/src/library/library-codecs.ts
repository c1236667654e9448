import {
  libraryItemEvents,
  localLibraryEvents,
  type LibraryItemEvent,
  type LocalLibraryEvent,
} from '@upload-sessions/content-library';
import type { EventCodec } from '@upload-sessions/event-sourcing';
import { versionedEventCodec } from '@upload-sessions/service-core/event-sourcing/versioned-event-codec';

/** How library item and local library events are stored (versions and upcasting: the domain package). */
export const libraryItemCodec: EventCodec<LibraryItemEvent> = versionedEventCodec(libraryItemEvents);
export const localLibraryCodec: EventCodec<LocalLibraryEvent> = versionedEventCodec(localLibraryEvents);
