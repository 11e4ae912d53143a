/**
 * Why a request to the backend failed:
 * - `http`: the server answered with a non-2xx status;
 * - `network`: no answer at all (server down, offline, CORS, aborted by the browser);
 * - `invalid-response`: a 2xx answer whose body does not match the contract,
 *   so retrying will not help.
 */
export type ApiErrorKind = 'http' | 'network' | 'invalid-response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  /** The request path, for messages and logs. */
  readonly path: string;

  constructor(kind: ApiErrorKind, status: number, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.status = status;
    this.path = path;
  }

  get isNotFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Whether trying again could give a different answer: network failures, 5xx,
 * 408 and 429 may; other 4xx and contract mismatches will not.
 */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.kind === 'network') return true;
  if (error.kind === 'invalid-response') return false;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

/** A sentence for the UI, whatever was thrown. */
export function describeError(error: unknown): string {
  if (isApiError(error)) {
    if (error.kind === 'network') return 'The server could not be reached.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
