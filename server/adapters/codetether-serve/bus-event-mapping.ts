import { describeIssue } from '#protocol/parse-event';
import { parseIngestValue } from '../../ingest/ingest-item';
import type { IngestItem } from '../../ingest/ingest-item';
import { agentMessageSchema, busEnvelopeSchema, taskIdOfTopic, taskUpdateSchema, type BusEnvelope } from './bus-envelope';
import { microsOfTimestamp, type BusSeqAssigner } from './bus-seq';

/** What one `event: bus` data line becomes. */
export type BusDataOutcome =
  | { kind: 'event'; item: IngestItem }
  /** Not a session's event (another topic or kind, a task update whose message is not a SessionEvent): nothing to store. */
  | { kind: 'skipped'; why: string }
  /** Looked like a session's event but is not one we can take: said plainly, counted, never stored. */
  | { kind: 'rejected'; error: string };

type JsonObject = Record<string, unknown>;

const PRODUCER = 'codetether';
/** The prompt's first line becomes the session title, cut to this many characters. */
const TITLE_MAX_CHARS = 120;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first non-blank line of the prompt's text parts, cut to TITLE_MAX_CHARS. */
export function titleOfPrompt(texts: readonly string[]): string | null {
  const line = texts.join('\n').split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  if (line === undefined) return null;
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}

/**
 * The protocol event (not yet validated) a task's envelope carries, or why none.
 * `task_update.message` holds a SessionEvent as JSON (`{"type":"tool_call_start",...}`,
 * src/a2a/server.rs); an inbound `agent_message` (from `remote-a2a`) holds the
 * prompt, which titles the session.
 */
function draftOf(envelope: BusEnvelope, taskId: string): JsonObject | string {
  const { message } = envelope;
  if (message.kind === 'task_update') {
    const update = taskUpdateSchema.safeParse(message);
    if (!update.success) return `task_update: ${describeIssue(update.error.issues[0]!)}`;
    if (update.data.message === null) return 'task_update without a message';
    const payload = parseJson(update.data.message);
    if (!isObject(payload) || typeof payload.type !== 'string') return 'task_update whose message is not a SessionEvent';
    // The agent's own placeholder for session events it does not forward (server_session_event.rs).
    if (payload.type === 'ignored') return 'task_update of an ignored event';
    return payload;
  }
  if (message.kind === 'agent_message') {
    const prompt = agentMessageSchema.safeParse(message);
    if (!prompt.success || prompt.data.from !== 'remote-a2a') return 'agent_message that is not a task prompt';
    const title = titleOfPrompt(prompt.data.parts.flatMap((p) => (p.kind === 'text' && p.text !== undefined ? [p.text] : [])));
    if (title === null) return 'task prompt without text';
    return { type: 'session_sync', session: { id: taskId, title } };
  }
  return `${message.kind} message`;
}

/**
 * Maps one `event: bus` data line to a protocol event of session `<task id>` with
 * seq and ts from the envelope (see bus-seq.ts), `producer: "codetether"`, and
 * validates it like any ingested event. The SessionEvent JSON on the bus has the
 * protocol's field names already (`tool_call_id`, `arguments`, `elapsed_secs`,
 * `text` as a snapshot for text_chunk, ...): its fields are kept as they are.
 */
export function mapBusData(data: string, seqs: BusSeqAssigner): BusDataOutcome {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (err) {
    return { kind: 'rejected', error: `bus event data is not JSON (${(err as Error).message})` };
  }
  const envelope = busEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { kind: 'rejected', error: `bus envelope is not readable: ${describeIssue(envelope.error.issues[0]!)}` };
  }
  const taskId = taskIdOfTopic(envelope.data.topic);
  if (taskId === null) return { kind: 'skipped', why: `topic ${envelope.data.topic}` };
  const draft = draftOf(envelope.data, taskId);
  if (typeof draft === 'string') return { kind: 'skipped', why: draft };
  const micros = microsOfTimestamp(envelope.data.timestamp);
  if (micros === null) return { kind: 'rejected', error: `task ${taskId}: envelope timestamp ${envelope.data.timestamp} is out of range` };
  const event = { ...draft, session_id: taskId, seq: seqs.seqOf(taskId, micros), ts: new Date(Math.floor(micros / 1000)).toISOString(), producer: PRODUCER };
  const parsed = parseIngestValue(event);
  return parsed.ok ? { kind: 'event', item: parsed.item } : { kind: 'rejected', error: `task ${taskId}: ${parsed.error}` };
}
