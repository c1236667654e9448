import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RecordedEvent } from '@upload-sessions/event-store';
import type { EventCodec } from '@upload-sessions/event-sourcing';

/** Login sessions live in streams named by the SHA-256 (hex) of their token: the token itself is never stored. */
export const LOGIN_SESSION_STREAM_PREFIX = 'vsphere-login-';
export const loginSessionStream = (tokenDigestHex: string): string =>
  `${LOGIN_SESSION_STREAM_PREFIX}${tokenDigestHex}`;

const Opened = t.type({
  type: t.literal('VsphereLoginOpened'),
  data: t.type({ username: t.string, organizationId: t.string, openedAt: t.string }),
});
/** A sighting of the token in use, written at most once per recording interval per instance. */
const Seen = t.type({
  type: t.literal('VsphereLoginSeen'),
  data: t.type({ seenAt: t.string }),
});
const Closed = t.type({
  type: t.literal('VsphereLoginClosed'),
  data: t.type({ closedAt: t.string, reason: t.literal('logout') }),
});

export const LoginSessionEvent = t.union([Opened, Seen, Closed]);
export type LoginSessionEvent = t.TypeOf<typeof LoginSessionEvent>;
export const LOGIN_SESSION_EVENT_TYPES = [
  'VsphereLoginOpened',
  'VsphereLoginSeen',
  'VsphereLoginClosed',
] as const;

export const loginSessionCodec: EventCodec<LoginSessionEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: { ...event.data } as never }),
  decode: (recorded: RecordedEvent) => {
    const decoded = LoginSessionEvent.decode({ type: recorded.type, data: recorded.data });
    return E.isRight(decoded) ? E.right(decoded.right) : E.left(`unreadable ${recorded.type}`);
  },
};

/** What a login session's stream says: whose it is, when it was last recorded in use, whether it was closed. */
export interface LoginSessionState {
  readonly principal: { readonly username: string; readonly organizationId: string } | undefined;
  readonly createdMs: number;
  readonly lastSeenMs: number;
  readonly closed: boolean;
}

export const initialLoginSessionState: LoginSessionState = {
  principal: undefined,
  createdMs: 0,
  lastSeenMs: 0,
  closed: false,
};

export const evolveLoginSession = (state: LoginSessionState, event: LoginSessionEvent): LoginSessionState => {
  switch (event.type) {
    case 'VsphereLoginOpened':
      return {
        principal: { username: event.data.username, organizationId: event.data.organizationId },
        createdMs: Date.parse(event.data.openedAt),
        lastSeenMs: Math.max(state.lastSeenMs, Date.parse(event.data.openedAt)),
        closed: state.closed,
      };
    case 'VsphereLoginSeen':
      return { ...state, lastSeenMs: Math.max(state.lastSeenMs, Date.parse(event.data.seenAt)) };
    case 'VsphereLoginClosed':
      return { ...state, closed: true };
  }
};
