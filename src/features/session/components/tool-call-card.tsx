import { memo, useMemo } from 'react';
import { formatDuration } from '../../../lib/format';
import { runningSecs } from '../../../lib/session-status';
import { useNow } from '../../../lib/use-now';
import type { EventOf } from '../../../protocol/event-schemas';
import { useSessionLive, type LiveToolView } from '../hooks/session-live-source';
import { prettyArguments } from '../utils/build-transcript';

/** Output longer than this is folded: the operator opens it when it matters. */
const LONG_OUTPUT_CHARS = 1_200;
const LONG_OUTPUT_LINES = 12;

function isLong(text: string): boolean {
  return text.length > LONG_OUTPUT_CHARS || text.split('\n').length > LONG_OUTPUT_LINES;
}

function Output({ text, label }: { text: string; label: string }) {
  if (!text) return <p className="muted tool-card__empty">No output</p>;
  if (!isLong(text)) return <pre className="tool-card__output">{text}</pre>;
  return (
    <details className="tool-card__fold">
      <summary>
        {label} ({text.split('\n').length} lines, {text.length.toLocaleString('en-US')} characters)
      </summary>
      <pre className="tool-card__output">{text}</pre>
    </details>
  );
}

/** Ticks once a second, alone: the rest of the card does not re-render with it. */
function ToolTimer({ tool }: { tool: LiveToolView }) {
  const now = useNow(1_000);
  const secs = runningSecs(tool.startedMs, tool.elapsedSecs, tool.heartbeatMs, now);
  return <span className="tool-card__timer">{secs === null ? 'running' : `running ${Math.floor(secs)} s`}</span>;
}

function LiveOutput({ tool }: { tool: LiveToolView }) {
  if (tool.output.length === 0) return null;
  return (
    <pre className="tool-card__output tool-card__output--live" aria-label={`${tool.name} live output`}>
      {tool.output.map((part, i) => (
        <span key={i} data-stream={part.stream}>
          {part.text}
        </span>
      ))}
    </pre>
  );
}

export interface ToolCallCardProps {
  sessionId: string;
  toolKey: string;
  start: EventOf<'tool_call_start'> | null;
  complete: EventOf<'tool_call_complete'> | null;
}

/** One tool call: name, arguments, live timer and output while it runs; result, success and duration once done. */
export const ToolCallCard = memo(function ToolCallCard({ sessionId, toolKey, start, complete }: ToolCallCardProps) {
  const live = useSessionLive();
  const tools = live.useTools(sessionId);
  const running = complete === null ? tools.byId[toolKey] : undefined;
  const name = start?.name ?? complete?.name ?? 'tool';
  const args = useMemo(() => (start ? prettyArguments(start.arguments) : null), [start]);
  const state = complete ? (complete.success ? 'success' : 'failure') : 'running';
  return (
    <article className="tool-card" data-state={state} aria-label={`Tool call ${name}`}>
      <header className="tool-card__head">
        <span className="tool-card__name">{name}</span>
        {complete ? (
          <span className="tool-card__result">
            {complete.success ? '✓ succeeded' : '✗ failed'} in {formatDuration(complete.duration_ms)}
          </span>
        ) : running ? (
          <ToolTimer tool={running} />
        ) : (
          <span className="muted">waiting for its result</span>
        )}
      </header>
      {args !== null && args !== '' && (
        <details className="tool-card__fold" open={args.length < 400}>
          <summary>Arguments</summary>
          <pre className="tool-card__args">{args}</pre>
        </details>
      )}
      {running && <LiveOutput tool={running} />}
      {complete && <Output text={complete.output} label="Output" />}
    </article>
  );
});
