// What a working agent sends, in proportion: a reply streamed as text deltas
// and completed, a tool call started and completed with some output, and the
// call's token usage. One cycle is MIX_CYCLE events per session; the text storm
// is text deltas only. Shared by the paced producer and the stored-session seeder.

/** Text deltas per step before its `text_complete`. */
const CHUNKS_PER_STEP = 40;
export const MIX_CYCLE = CHUNKS_PER_STEP + 4;

const toolOutput = Array.from({ length: 12 }, (_, i) => `src/features/file-${i}.ts  ${1_000 + i * 37} bytes`).join('\n');

/** The event at position `n` of a session's realistic stream (fields beyond the envelope). */
export function mixedEvent(n: number, seq: number): Record<string, unknown> {
  const at = n % MIX_CYCLE;
  if (at < CHUNKS_PER_STEP) return { type: 'text_chunk', delta: 'token ' };
  const call = `call-${seq - at}`;
  switch (at - CHUNKS_PER_STEP) {
    case 0:
      return { type: 'text_complete', text: 'token '.repeat(CHUNKS_PER_STEP) };
    case 1:
      return { type: 'tool_call_start', tool_call_id: call, name: 'bash', arguments: JSON.stringify({ command: `ls -la src/features # step ${seq}`, cwd: '/work' }) };
    case 2:
      return { type: 'tool_call_complete', tool_call_id: call, name: 'bash', success: true, duration_ms: 120, output: toolOutput };
    default:
      return { type: 'token_usage', source: 'root', model: 'openai/gpt-5', prompt_tokens: 1_200, completion_tokens: 240, duration_ms: 900 };
  }
}

/** Stored (not ephemeral) events of the mix: what a reloaded session holds. */
export function storedMixedEvent(n: number, seq: number): Record<string, unknown> {
  // The deltas are ephemeral and never stored: a stored session is the rest of the cycle.
  return mixedEvent(CHUNKS_PER_STEP + (n % 4), seq);
}
