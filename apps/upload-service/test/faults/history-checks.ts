import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as E from 'fp-ts/Either';
import {
  uploadSessionDecider,
  type UploadSessionEvent,
  type UploadSessionState,
} from '@upload-sessions/domain';
import { positionFromNumber, type RecordedEvent } from '@upload-sessions/event-store';
import { bvFileDecider, type BvFileState } from '@upload-sessions/dialect-blendvision/files/bv-file-decider';
import { bvFileCodec } from '@upload-sessions/dialect-blendvision/files/bv-file-events';
import { partName } from '@upload-sessions/dialect-blendvision/uploads/part-plan';
import { decodeUploadSessionEvent } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import type { Ack } from './burst-workers';

interface Row {
  readonly position: number;
  readonly stream_name: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/** The whole log of a SQLite event store file, as the port would deliver it. */
export const readLog = (eventsPath: string): RecordedEvent[] => {
  const db = new DatabaseSync(eventsPath, { readOnly: true });
  try {
    const rows = db
      .prepare('SELECT rowid AS position, * FROM events ORDER BY rowid')
      .all() as unknown as Row[];
    return rows.map((row) => ({
      id: row.event_id,
      streamName: row.stream_name,
      revision: row.revision,
      position: positionFromNumber(row.position),
      type: row.type,
      data: JSON.parse(row.data) as RecordedEvent['data'],
      metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
      recordedAt: row.recorded_at,
    }));
  } finally {
    db.close();
  }
};

export interface Folded {
  readonly sessions: Map<string, { state: UploadSessionState; events: UploadSessionEvent[] }>;
  readonly files: Map<string, BvFileState>;
  /** Library item id → content versions committed, by session. */
  /** Library items created. */
  readonly items: Set<string>;
  readonly commits: Map<string, Map<string, { version: number; files: { name: string; size: number }[] }>>;
  /** Broken rules of the domain found while folding (must stay empty). */
  readonly problems: string[];
}

const TERMINAL = new Set(['UploadSessionCompleted', 'UploadSessionCanceled', 'UploadSessionFailed']);

/** Folds every stream with the aggregates' own evolve, checking the rules a valid history keeps. */
export const foldLog = (log: readonly RecordedEvent[]): Folded => {
  const sessions: Folded['sessions'] = new Map();
  const files: Folded['files'] = new Map();
  const commits: Folded['commits'] = new Map();
  const items: Folded['items'] = new Set();
  const problems: string[] = [];
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of log) {
    const list = byStream.get(event.streamName) ?? [];
    if (event.revision !== list.length)
      problems.push(`${event.streamName}: revision ${event.revision} after ${list.length}`);
    list.push(event);
    byStream.set(event.streamName, list);
  }
  for (const [stream, events] of byStream) {
    if (stream.startsWith('upload-session-')) {
      const id = stream.slice('upload-session-'.length);
      let state = uploadSessionDecider.initialState;
      const decoded: UploadSessionEvent[] = [];
      let ended = false;
      events.forEach((recorded, i) => {
        const event = decodeUploadSessionEvent(recorded);
        if (E.isLeft(event)) return problems.push(`${stream}@${i}: ${event.left}`);
        if (i === 0 && recorded.type !== 'UploadSessionStarted')
          problems.push(`${stream}: starts with ${recorded.type}`);
        if (ended && recorded.type !== 'UploadSessionDeleted')
          problems.push(`${stream}@${i}: ${recorded.type} after the session ended`);
        if (TERMINAL.has(recorded.type)) ended = true;
        decoded.push(event.right);
        state = uploadSessionDecider.evolve(state, event.right);
        return undefined;
      });
      sessions.set(id, { state, events: decoded });
    } else if (stream.startsWith('bv-file-')) {
      const id = stream.slice('bv-file-'.length);
      let state: BvFileState = bvFileDecider.initialState;
      events.forEach((recorded, i) => {
        const event = bvFileCodec.decode(recorded);
        if (E.isLeft(event)) return problems.push(`${stream}@${i}: ${event.left}`);
        if (i === 0 && recorded.type !== 'BvFileCreated')
          problems.push(`${stream}: starts with ${recorded.type}`);
        if (state.status === 'DELETED') problems.push(`${stream}@${i}: ${recorded.type} after deletion`);
        state = bvFileDecider.evolve(state, event.right);
        return undefined;
      });
      files.set(id, state);
    } else if (stream.startsWith('library-item-')) {
      const id = stream.slice('library-item-'.length);
      if (events[0]?.type === 'LibraryItemCreated') items.add(id);
      else problems.push(`${stream}: starts with ${events[0]?.type}`);
      for (const event of events) {
        if (event.type !== 'LibraryItemContentCommitted') continue;
        const data = event.data as {
          sessionId: string;
          contentVersion: number;
          files: { name: string; size: number }[];
        };
        const item = commits.get(id) ?? new Map();
        if (item.has(data.sessionId)) problems.push(`${stream}: session ${data.sessionId} committed twice`);
        item.set(data.sessionId, { version: data.contentVersion, files: data.files });
        commits.set(id, item);
      }
    }
  }
  // Across streams: a file's upload is a session that targets it.
  for (const [fileId, file] of files) {
    if (file.status === 'NONE') continue;
    const upload = sessions.get(file.uploadId)?.state;
    if (upload === undefined || upload.status === 'NONE')
      problems.push(`bv file ${fileId}: no upload session`);
    else if (upload.target.kind !== 'file' || upload.target.fileId !== fileId)
      problems.push(`bv file ${fileId}: its upload targets something else`);
  }
  return { sessions, files, items, commits, problems };
};

/** Acknowledged commands missing from the folded history. */
export const missingAcks = (acks: readonly Ack[], folded: Folded): string[] => {
  const missing: string[] = [];
  const session = (id: string) => folded.sessions.get(id);
  const fileIdOf = new Map<string, string>();
  for (const [fileId, file] of folded.files) if (file.status !== 'NONE') fileIdOf.set(file.uploadId, fileId);
  for (const ack of acks) {
    const found = ((): boolean => {
      switch (ack.kind) {
        case 'vs-item':
          return folded.items.has(ack.itemId);
        case 'vs-session':
          return session(ack.sessionId)?.events[0]?.type === 'UploadSessionStarted';
        case 'vs-file':
          return session(ack.sessionId)?.events.some((e) => e.type === 'UploadSessionFileAdded') ?? false;
        case 'vs-put':
        case 'bv-part': {
          const name = ack.kind === 'vs-put' ? ack.name : partName(ack.part);
          const id = ack.kind === 'vs-put' ? ack.sessionId : ack.uploadId;
          return (
            session(id)?.events.some(
              (e) => e.type === 'UploadSessionContentReceived' && (e.data as { name?: string }).name === name,
            ) ?? false
          );
        }
        case 'vs-complete':
        case 'bv-complete': {
          const id = ack.kind === 'vs-complete' ? ack.sessionId : ack.uploadId;
          return session(id)?.events.some((e) => e.type === 'UploadSessionCompleted') ?? false;
        }
        case 'vs-cancel':
        case 'bv-cancel': {
          const id = ack.kind === 'vs-cancel' ? ack.sessionId : ack.uploadId;
          return session(id)?.events.some((e) => e.type === 'UploadSessionCanceled') ?? false;
        }
        case 'bv-upload':
          return fileIdOf.get(ack.uploadId) === ack.fileId && session(ack.uploadId) !== undefined;
        case 'bv-delete':
          return folded.files.get(ack.fileId)?.status === 'DELETED';
      }
    })();
    if (!found) missing.push(JSON.stringify(ack));
  }
  return missing;
};

/** Where content on disk disagrees with the events (after the clean-up has had its chance). */
export const contentProblems = (contentDir: string, folded: Folded): string[] => {
  const problems: string[] = [];
  const staged = (id: string) => existsSync(path.join(contentDir, 'tmp', id));
  for (const [id, { state }] of folded.sessions) {
    if (state.status === 'ACTIVE') {
      // Every recorded file's bytes are staged under its name, at the recorded size.
      for (const file of state.files) {
        if (file.received === null) continue;
        const p = path.join(contentDir, 'tmp', id, file.name);
        if (!existsSync(p) || statSync(p).size !== file.received.size)
          problems.push(`session ${id} (ACTIVE): ${file.name} missing or wrong size`);
      }
      continue;
    }
    if (state.status === 'NONE') continue;
    const ended = state.status === 'DELETED' ? state.statusBeforeDelete : state.status;
    if (staged(id)) problems.push(`session ${id} (${ended}): still staged`);
    if (ended !== 'DONE') continue;
    if (state.target.kind === 'file') {
      const fileId = state.target.fileId;
      const dir = path.join(contentDir, 'items', fileId, 'v1');
      const file = folded.files.get(fileId);
      if (file?.status === 'DELETED') {
        if (existsSync(path.join(contentDir, 'items', fileId)))
          problems.push(`bv file ${fileId}: deleted but content kept`);
        continue;
      }
      const expected = (state.completedFiles ?? []).map((f) => f.name).sort();
      const actual = existsSync(dir) ? readdirSync(dir).sort() : [];
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        problems.push(
          `bv file ${fileId}: content ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
        );
      continue;
    }
    const itemId = state.target.libraryItemId;
    const commit = folded.commits.get(itemId)?.get(id);
    if (commit === undefined) {
      problems.push(`session ${id}: DONE but never committed to item ${itemId}`);
      continue;
    }
    for (const file of commit.files) {
      const p = path.join(contentDir, 'items', itemId, `v${commit.version}`, file.name);
      if (!existsSync(p) || statSync(p).size !== file.size)
        problems.push(`item ${itemId} v${commit.version}: ${file.name} missing or wrong size`);
    }
  }
  for (const [fileId, file] of folded.files) {
    if (file.status === 'DELETED' && existsSync(path.join(contentDir, 'items', fileId)))
      problems.push(`bv file ${fileId}: deleted but content kept`);
  }
  return problems;
};
