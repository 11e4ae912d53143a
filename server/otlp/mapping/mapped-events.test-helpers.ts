import { expect } from 'vitest';
import { parseEvent } from '#protocol/parse-event';
import type { OtlpMapResult } from '../otlp-records';

/** Asserts every event the mapper made passes the protocol's own validation, and returns them. */
export function validEvents(result: OtlpMapResult): Record<string, unknown>[] {
  for (const event of result.events) {
    const parsed = parseEvent(event);
    expect(parsed, `${String(event.type)}: ${parsed.ok ? '' : parsed.error}`).toMatchObject({ ok: true });
  }
  return result.events;
}

export const ofType = (events: Record<string, unknown>[], type: string) => events.filter((e) => e.type === type);
