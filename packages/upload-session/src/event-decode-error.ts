/** Why stored event data could not become an `UploadSessionEvent`. Each carries a readable `message`. */
export interface UnknownEventType {
  readonly _tag: 'UnknownEventType';
  readonly type: string;
  readonly message: string;
}
export interface UnsupportedSchemaVersion {
  readonly _tag: 'UnsupportedSchemaVersion';
  readonly type: string;
  readonly schemaVersion: number;
  readonly currentVersion: number;
  readonly message: string;
}
export interface InvalidEventData {
  readonly _tag: 'InvalidEventData';
  readonly type: string;
  readonly schemaVersion: number;
  /** One line per problem, e.g. `at data.reason: expected CancelReason, got "oops"`. */
  readonly errors: readonly string[];
  readonly message: string;
}

export type EventDecodeError = UnknownEventType | UnsupportedSchemaVersion | InvalidEventData;
