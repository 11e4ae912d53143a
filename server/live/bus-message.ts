import { z } from 'zod';
import { sessionSummarySchema, type SessionSummary } from '#protocol/api-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import type { CommittedBatch } from '../ingest/ingest-pipeline';
import type { ChainLink } from './chain-reorder-buffer';
import type { OutgoingEvent } from './live-hub';
import { storedEventJson } from './stored-event-json';

/** A committed batch as every replica's hub sees it, whichever replica committed it. */
export interface BusBatch extends ChainLink {
  events: OutgoingEvent[];
  sessions: SessionSummary[];
}

/** The batch this process just committed: nothing to parse, the JSON made at ingest is reused. */
export function busBatchOf(batch: CommittedBatch): BusBatch {
  const events: OutgoingEvent[] = [];
  let headAfter = batch.headBefore;
  batch.outcomes.forEach((outcome, i) => {
    if (outcome.kind === 'duplicate') return;
    const item = batch.items[i]!;
    const cursor = outcome.kind === 'stored' ? outcome.cursor : null;
    if (cursor !== null && cursor > headAfter) headAfter = cursor;
    events.push({ cursor, event: item.event, json: item.json });
  });
  return { headBefore: batch.headBefore, headAfter, complete: true, events, sessions: batch.sessions };
}

/**
 * The NATS message of a batch. Events are spliced in as the JSON made at
 * ingest. A batch larger than `maxBytes` (the server's max_payload) is sent
 * without events or summaries: a doorbell telling receivers to read the store.
 */
export function encodeBusBatch(origin: string, batch: BusBatch, maxBytes: number): string {
  const head = `{"v":1,"origin":${JSON.stringify(origin)},"head_before":${batch.headBefore},"head_after":${batch.headAfter}`;
  const events = batch.events.map((e) => `{"cursor":${e.cursor},"event":${e.json}}`).join(',');
  const full = `${head},"events":[${events}],"sessions":${JSON.stringify(batch.sessions)}}`;
  if (Buffer.byteLength(full) <= maxBytes) return full;
  return `${head},"events":null,"sessions":[]}`;
}

// The origin replica validated every event against the full protocol at ingest;
// here only what fan-out relies on is checked.
const busEventSchema = z.object({
  cursor: z.number().int().min(1).nullable(),
  event: z.looseObject({ session_id: z.string().min(1), seq: z.number().int(), type: z.string().min(1) }),
});

const busMessageSchema = z
  .object({
    v: z.literal(1),
    origin: z.string().min(1),
    head_before: z.number().int().min(0),
    head_after: z.number().int().min(0),
    events: z.array(busEventSchema).nullable(),
    sessions: z.array(sessionSummarySchema),
  })
  .refine((m) => m.head_after >= m.head_before, { message: 'head_after is below head_before', path: ['head_after'] })
  .refine((m) => m.events === null || m.events.every((e) => e.cursor === null || (e.cursor > m.head_before && e.cursor <= m.head_after)), {
    message: 'a stored event lies outside (head_before, head_after]',
    path: ['events'],
  });

export type DecodedBusMessage = { ok: true; origin: string; batch: BusBatch } | { ok: false; error: string };

/** Parses a message from the bus; a bad one is described by field, never thrown. */
export function decodeBusBatch(text: string): DecodedBusMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const parsed = busMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `field \`${issue.path.join('.') || '(message)'}\`: ${issue.message}` };
  }
  const m = parsed.data;
  const events: OutgoingEvent[] = (m.events ?? []).map((e) => ({ cursor: e.cursor, event: e.event as SessionEvent, json: storedEventJson(e.event) }));
  return { ok: true, origin: m.origin, batch: { headBefore: m.head_before, headAfter: m.head_after, complete: m.events !== null, events, sessions: m.sessions } };
}
