/** The service's JSON, as the page reads it. */
export interface SessionSummary {
  readonly session_id: string;
  readonly state: 'ACTIVE' | 'DONE' | 'ERROR' | 'CANCELED' | 'DELETED';
  readonly dialect: 'vsphere' | 'blendvision';
  readonly library_item_id: string | null;
  readonly file_id: string | null;
  readonly name: string | null;
  readonly size: number | null;
  readonly bytes_received: number;
  readonly bytes_in_flight: number;
  readonly file_count: number;
  readonly created_by: string | null;
  readonly created_at: string;
  readonly last_activity_at: string;
  readonly ended_at: string | null;
  readonly expires_at: string;
  readonly cancel_reason: string | null;
  readonly error_message: string | null;
}

export interface Checksum {
  readonly algorithm: string;
  readonly value: string;
}

export interface SessionFile {
  readonly name: string;
  readonly status: string;
  readonly declared_size: number | null;
  readonly received_size: number | null;
  readonly bytes_in_flight: number | null;
  readonly checksum: Checksum | null;
  readonly declared_checksum: Checksum | null;
  readonly received_at: string | null;
  readonly error_message: string | null;
}

export interface SessionDetail extends SessionSummary {
  readonly files: readonly SessionFile[];
  readonly staged_content: boolean;
}

export interface SessionsPage {
  readonly sessions: readonly SessionSummary[];
  readonly next: string | null;
}

export interface AuditEvent {
  readonly position: string;
  readonly type: string;
  readonly occurred_at: string | null;
  readonly recorded_at: string;
  readonly actor: { readonly id: string; readonly kind: string | null } | null;
  readonly correlation_id: string | null;
  readonly causation_id: string | null;
  readonly data: Record<string, unknown>;
}

export interface SessionHistory {
  readonly session_id: string;
  readonly events: readonly AuditEvent[];
}

export interface Activity {
  readonly days: number;
  readonly by_state: Readonly<Record<string, number>>;
  readonly by_day: readonly { readonly day: string; readonly state: string; readonly count: number }[];
  readonly cancellations: readonly SessionSummary[];
}

/** Kept in this module's memory only: never in storage, cookies or the URL; a reload asks again. */
export type Credentials =
  | {
      readonly kind: 'vsphere';
      readonly token: string;
      readonly username: string;
      readonly organizationId: string;
    }
  | { readonly kind: 'blendvision'; readonly token: string; readonly organizationId: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const POSITION = 'X-Upload-Sessions-Position';

/** The message of any of the service's error formats (audit, vAPI, google.rpc.Status). */
const errorMessage = (status: number, body: unknown): string => {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const nested = b['error'];
    if (
      typeof nested === 'object' &&
      nested !== null &&
      typeof (nested as Record<string, unknown>)['message'] === 'string'
    )
      return (nested as Record<string, string>)['message'] ?? '';
    if (typeof b['message'] === 'string') return b['message'];
    const messages = b['messages'];
    if (Array.isArray(messages) && typeof messages[0]?.default_message === 'string')
      return messages[0].default_message;
  }
  return `HTTP ${status}`;
};

const read = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** vSphere login: HTTP Basic on POST /api/session answers the session token as a JSON string. */
export const vsphereLogin = async (username: string, password: string): Promise<string> => {
  const basic = btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`)));
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}` },
  });
  const body = await read(response);
  if (!response.ok || typeof body !== 'string')
    throw new ApiError(response.status, errorMessage(response.status, body));
  return body;
};

export class Api {
  /** The position of this tab's last write: the next reads wait until the read models have reached it. */
  private position: string | undefined;

  constructor(readonly credentials: Credentials) {}

  private authHeaders(): Record<string, string> {
    return this.credentials.kind === 'vsphere'
      ? { 'vmware-api-session-id': this.credentials.token }
      : { Authorization: `Bearer ${this.credentials.token}`, 'x-bv-org-id': this.credentials.organizationId };
  }

  get base(): string {
    return `/audit/organizations/${encodeURIComponent(this.credentials.organizationId)}`;
  }

  async get<T>(path: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.authHeaders() };
    if (this.position !== undefined) headers[POSITION] = this.position;
    const response = await fetch(path, { headers, cache: 'no-store' });
    const body = await read(response);
    if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
    return body as T;
  }

  sessions(params: URLSearchParams): Promise<SessionsPage> {
    return this.get(`${this.base}/operations/sessions?${params.toString()}`);
  }

  session(id: string): Promise<SessionDetail> {
    return this.get(`${this.base}/operations/sessions/${encodeURIComponent(id)}`);
  }

  historyPath(id: string): string {
    return `${this.base}/sessions/${encodeURIComponent(id)}`;
  }

  history(id: string): Promise<SessionHistory> {
    return this.get(this.historyPath(id));
  }

  activity(): Promise<Activity> {
    return this.get(`${this.base}/operations/activity`);
  }

  /** Why this login cannot cancel the session, or undefined when it can. */
  cannotCancel(session: SessionSummary): string | undefined {
    if (session.state !== 'ACTIVE') return 'Only an active session can be canceled.';
    if (session.dialect !== this.credentials.kind)
      return session.dialect === 'vsphere'
        ? 'Log in with a vSphere user to cancel this update session.'
        : 'Log in with a BlendVision API token to cancel this upload.';
    return undefined;
  }

  /** The dialect's own cancel command, as its clients send it. */
  async cancel(session: SessionSummary): Promise<void> {
    const request =
      session.dialect === 'vsphere'
        ? {
            url: `/api/content/library/item/update-session/${encodeURIComponent(session.session_id)}?action=cancel`,
            init: { method: 'POST', headers: this.authHeaders() },
          }
        : {
            url: `/bv/cms/v1/library/files/${encodeURIComponent(session.file_id ?? '')}:cancel-upload`,
            init: {
              method: 'POST',
              headers: { ...this.authHeaders(), 'Content-Type': 'application/json' },
              body: JSON.stringify({ upload_id: session.session_id }),
            },
          };
    const response = await fetch(request.url, request.init);
    const body = await read(response);
    if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
    this.position = response.headers.get(POSITION) ?? this.position;
  }
}
