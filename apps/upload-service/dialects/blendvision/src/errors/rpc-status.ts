/**
 * google.rpc.Status, the error body of every BlendVision One API answer, and the HTTP status
 * grpc-gateway maps each canonical code to (runtime.HTTPStatusFromCode).
 */

export const RpcCode = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type RpcCodeName = keyof typeof RpcCode;
export type RpcCodeNumber = (typeof RpcCode)[RpcCodeName];

const httpStatusOfCode: Readonly<Record<RpcCodeNumber, number>> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

export const httpStatusOf = (code: RpcCodeNumber): number => httpStatusOfCode[code];

/** A `google.rpc.ErrorInfo` packed in a `google.protobuf.Any`, as grpc-gateway renders details. */
export interface ErrorInfoDetail {
  readonly '@type': 'type.googleapis.com/google.rpc.ErrorInfo';
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface RpcStatusBody {
  readonly code: RpcCodeNumber;
  readonly message: string;
  readonly details: readonly ErrorInfoDetail[];
}

export interface RpcStatus {
  readonly httpStatus: number;
  readonly body: RpcStatusBody;
}

/** The domain of the ErrorInfo details this service adds: machine-readable reasons for clients. */
export const ERROR_DOMAIN = 'upload-sessions';

/**
 * A status with one ErrorInfo detail whose `reason` is an UPPER_SNAKE_CASE constant clients can
 * branch on, and whose metadata names the ids involved.
 */
export const rpcStatus = (
  name: RpcCodeName,
  message: string,
  reason: string,
  metadata: Readonly<Record<string, string>> = {},
): RpcStatus => {
  const code = RpcCode[name];
  return {
    httpStatus: httpStatusOf(code),
    body: {
      code,
      message,
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: ERROR_DOMAIN, metadata },
      ],
    },
  };
};
