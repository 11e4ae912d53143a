import type { ToolOutputChunk } from '../live-types';
import type { EventReducer } from './reducer-types';
import { newRunningTool, putTool } from './tool-state';

/** Appends `chunk` to the output, joining a run of one stream, keeping only the last `maxChars` characters. */
export function appendOutputTail(
  output: readonly ToolOutputChunk[],
  chunk: ToolOutputChunk,
  maxChars: number,
): ToolOutputChunk[] {
  const last = output.at(-1);
  const joined =
    last && last.stream === chunk.stream
      ? [...output.slice(0, -1), { stream: chunk.stream, text: last.text + chunk.text }]
      : [...output, chunk];
  let excess = joined.reduce((sum, part) => sum + part.text.length, 0) - maxChars;
  while (excess > 0 && joined.length > 0) {
    const first = joined[0]!;
    if (first.text.length <= excess) {
      joined.shift();
      excess -= first.text.length;
    } else {
      joined[0] = { stream: first.stream, text: first.text.slice(excess) };
      excess = 0;
    }
  }
  return joined;
}

export const reduceToolOutputChunk: EventReducer<'tool_output_chunk'> = (session, event, config) => {
  const tool = session.tools.byId.get(event.tool_call_id) ?? newRunningTool(event.tool_call_id, event.name);
  const output = appendOutputTail(tool.output, { stream: event.stream, text: event.chunk }, config.toolOutputTailChars);
  return putTool(session, { ...tool, output });
};
