/**
 * A part of the service whose failure takes the instance out of rotation (the read side's projection).
 * Its report joins `GET /health/ready` under `name`; state `failed` makes it 503.
 */
export interface ReadinessProbe {
  readonly name: string;
  report(): Promise<{ readonly state: string }>;
}

export const READINESS_PROBE = Symbol('ReadinessProbe');
