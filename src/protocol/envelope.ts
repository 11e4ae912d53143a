import { z } from 'zod';

/** `session_id`: 1-128 of [A-Za-z0-9_-] (a UUID in practice). */
export const sessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'expected 1-128 characters of [A-Za-z0-9_-]');

export const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

// RFC 3339 with an offset; the protocol asks for milliseconds but a producer that
// sends seconds or microseconds is still telling the truth, so any precision passes.
const rfc3339 = z.iso.datetime({ offset: true, local: false });

/** `ts`: RFC 3339 string or integer Unix milliseconds. */
export const timestampSchema = z.union([rfc3339, z.number().int().min(0).max(8.64e15)], {
  error: 'expected an RFC 3339 timestamp or integer Unix milliseconds',
});

export const envelopeShape = {
  session_id: sessionIdSchema,
  seq: seqSchema,
  ts: timestampSchema,
  type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'expected a snake_case type tag'),
  v: z.number().int().min(1).optional(),
  /**
   * What produced the event when it is not a protocol client itself: an adapter's
   * name (`codetether`, `claude_code`, `codex`, `gemini_cli`, `otlp`). The store keeps
   * the first one a session names, so the session page can say where a session comes
   * from and which parts of the view that source cannot fill. Absent: our own protocol.
   */
  producer: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'expected a short snake_case producer name').optional(),
};

export const envelopeSchema = z.looseObject(envelopeShape);
export type Envelope = z.infer<typeof envelopeSchema>;

/** Milliseconds since the epoch for either form of `ts`. */
export function timestampMs(ts: string | number): number {
  return typeof ts === 'number' ? ts : Date.parse(ts);
}
