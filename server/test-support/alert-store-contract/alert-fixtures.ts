import type { AlertRecord } from '#protocol/alert-schemas';
import { alertListQuerySchema, type AlertListQuery } from '#protocol/api-queries';
import type { AlertDraft } from '../../alerts/alert-conditions';
import type { AlertStore } from '../../alerts/alert-store';

// What the parts of the AlertStore contract share: the stores under test, and
// the drafts and queries the engine and the API would hand them.

/** The store under test, and another on the same storage when a test asks (both closed after each test). */
export interface ContractStores {
  store: () => AlertStore;
  another: () => Promise<AlertStore>;
}

export const T0 = Date.UTC(2026, 10, 24, 13);

/** An error alert of session `key` at T0, to be overridden field by field. */
export const alertDraft = (over: Partial<AlertDraft> = {}): AlertDraft => {
  const key = over.key ?? 's1';
  return { kind: 'error', key, session_id: key, agent: 'build', ts_ms: T0, message: `Session ${key} ended in error`, detail: { error: 'tool crashed' }, ...over };
};

/** A webhook body naming the record it was made from, so a test can tell which record it saw. */
export const bodyOf = (record: AlertRecord): string => JSON.stringify({ id: record.id, kind: record.kind, session_id: record.session_id });

/** A list query parsed from query-string values, as the API parses it. */
export const alertQuery = (q: Record<string, string> = {}): AlertListQuery => alertListQuerySchema.parse(q);

export const hookUrls = ['https://hooks.example.com/a', 'https://hooks.example.com/b'] as const;
