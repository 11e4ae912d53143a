import { z } from 'zod';

// The bus envelope as `codetether serve` writes it on `GET /v1/bus/stream`
// (`event: bus`, data = `serde_json::to_string(&BusEnvelope)`, src/bus/mod.rs):
// struct fields in declaration order, `correlation_id: Option<String>` as null when
// unset, `timestamp: DateTime<Utc>` as RFC 3339 with up to nanoseconds, and
// `message: BusMessage` internally tagged by `kind` (snake_case). Only the kinds the
// follower reads are spelled out; the rest pass as any object with a `kind`.

/** `BusMessage::TaskUpdate { task_id, state: TaskState (kebab-case), message: Option<String> }`. */
export const taskUpdateSchema = z.looseObject({
  kind: z.literal('task_update'),
  task_id: z.string(),
  state: z.string(),
  message: z.string().nullable(),
});

/** `Part` (src/a2a/types.rs), tagged by `kind`: only `text` parts carry a prompt. */
const partSchema = z.looseObject({ kind: z.string(), text: z.string().optional() });

/** `BusMessage::AgentMessage { from, to, parts }`: on `task.<id>` with `correlation_id` = the task id, the prompt that started it. */
export const agentMessageSchema = z.looseObject({
  kind: z.literal('agent_message'),
  from: z.string(),
  to: z.string(),
  parts: z.array(partSchema),
});

export const busEnvelopeSchema = z.looseObject({
  id: z.string(),
  topic: z.string(),
  sender_id: z.string(),
  correlation_id: z.string().nullable(),
  timestamp: z.iso.datetime({ offset: true, local: false, error: 'expected an RFC 3339 timestamp' }),
  message: z.looseObject({ kind: z.string() }),
});
export type BusEnvelope = z.infer<typeof busEnvelopeSchema>;
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;
export type AgentMessage = z.infer<typeof agentMessageSchema>;

/** The task a `task.<id>` topic names, else null (other topics: `agent.<id>`, `broadcast`, ...). */
export function taskIdOfTopic(topic: string): string | null {
  return topic.startsWith('task.') && topic.length > 'task.'.length ? topic.slice('task.'.length) : null;
}

/** The envelopes a `lag` event says were skipped: its data is `skipped <n>` (src/server/mod.rs); 0 when unreadable. */
export function parseLagCount(data: string): number {
  const match = /^skipped (\d+)$/.exec(data.trim());
  return match ? Number(match[1]) : 0;
}
