import type { z } from 'zod';
import { describeIssue } from '../../protocol/parse-event';
import { ApiError } from './api-error';
import { authHeaders, getAuthToken, reportUnauthorized } from '../settings/auth-token';
import { apiReadInit, apiReadUrl, API_BASE, type QueryParams } from './api-url';
import { takeEarlyRead } from './early-reads';

/** The server's own words from an error body (with the first issue of a refused write), else the status line. */
async function errorMessageOf(response: Response): Promise<string> {
  const fallback = `${response.status} ${response.statusText || 'error'}`.trim();
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) {
      const { error, message, issues } = body as { error?: unknown; message?: unknown; issues?: unknown };
      // A refused write names the field and why (`{"error":"invalid budget","issues":[{"field","message"}]}`).
      const first: unknown = Array.isArray(issues) ? issues[0] : undefined;
      if (typeof error === 'string' && error && typeof first === 'object' && first !== null) {
        const { field, message: why } = first as { field?: unknown; message?: unknown };
        if (typeof why === 'string') return `${error}: ${typeof field === 'string' ? `${field}: ` : ''}${why}`;
      }
      if (typeof error === 'string' && error) return error;
      if (typeof message === 'string' && message) return message;
    }
  } catch {
    // Not JSON: the status line says enough.
  }
  return fallback;
}

export interface ApiGetOptions {
  params?: QueryParams;
  signal?: AbortSignal;
}

/**
 * GETs `API_BASE + path` and parses the body with `schema`. Parsing here, inside
 * the fetcher, turns a contract mismatch into a query error the page can show,
 * instead of a crash deep in a component that trusted the shape.
 */
export async function apiGet<S extends z.ZodType>(path: string, schema: S, options: ApiGetOptions = {}): Promise<z.infer<S>> {
  const url = apiReadUrl({ path, params: options.params });
  let response: Response;
  try {
    // A read the early entry already started for this URL is taken over, not repeated.
    response = await (takeEarlyRead(url) ?? fetch(url, apiReadInit(getAuthToken(), options.signal)));
    options.signal?.throwIfAborted();
  } catch (error) {
    // An abort is TanStack Query cancelling on purpose: let it through unchanged.
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', 0, path, `Could not reach ${url}`, { cause: error });
  }
  await throwUnlessOk(response, path);
  return parseBody(response, path, schema);
}

/**
 * Sends `body` as JSON with `method` to `API_BASE + path`. With `schema` the
 * answer is parsed like a GET's; without, any 2xx (204 included) is success.
 */
export async function apiSend<S extends z.ZodType>(
  method: 'PUT' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  schema?: S,
): Promise<z.infer<S> | undefined> {
  const url = `${API_BASE}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError('network', 0, path, `Could not reach ${url}`, { cause: error });
  }
  await throwUnlessOk(response, path);
  return schema ? parseBody(response, path, schema) : undefined;
}

async function throwUnlessOk(response: Response, path: string): Promise<void> {
  if (response.ok) return;
  const message = await errorMessageOf(response);
  // Missing or refused token: the app asks for one (a 403 is a token of the wrong scope).
  if (response.status === 401 || response.status === 403) reportUnauthorized(response.status === 403 ? message : undefined);
  throw new ApiError('http', response.status, path, message);
}

/** Parsing here, inside the fetcher, turns a contract mismatch into a query error the page can show. */
async function parseBody<S extends z.ZodType>(response: Response, path: string, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ApiError('invalid-response', response.status, path, `${path} answered with malformed JSON`, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const detail = first ? describeIssue(first) : 'unexpected shape';
    throw new ApiError('invalid-response', response.status, path, `Unexpected response from ${path}: ${detail}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
