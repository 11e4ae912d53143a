import { memo, useMemo } from 'react';
import { formatDuration } from '../../../lib/format/format';
import { runningSecs } from '../../../lib/sessions/session-status';
import { useNow } from '../../../lib/time/use-now';
import type { EventOf } from '../../../protocol/event-schemas';
import type { RunningTool } from '../../../protocol/live-present/present-state';
import { prettyArguments, type ToolMetadataEvent } from '../utils/build-transcript';
import { otherMetadata, toolCallFacts, type ToolCallFacts } from '../utils/tool-call-facts';
import { useLiveTool } from '../../../live/hooks/use-live-present';

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
function ToolTimer({ tool }: { tool: RunningTool }) {
  const now = useNow(1_000);
  const secs = runningSecs(tool.startedMs, tool.elapsedSecs, tool.heartbeatMs, now);
  return <span className="tool-card__timer">{secs === null ? 'running' : `running ${Math.floor(secs)} s`}</span>;
}

function LiveOutput({ tool }: { tool: RunningTool }) {
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

/** Command, working directory, exit code and the files a patch touches: what an operator looks for first. */
function Facts({ facts, other }: { facts: ToolCallFacts; other: [string, string][] }) {
  const { command, cwd, exitCode, patch } = facts;
  if (command === null && cwd === null && exitCode === null && patch === null && other.length === 0) return null;
  return (
    <dl className="facts facts--compact tool-card__facts">
      {command !== null && (
        <div>
          <dt>Command</dt>
          <dd>
            <code className="tool-card__command">{command}</code>
          </dd>
        </div>
      )}
      {cwd !== null && (
        <div>
          <dt>Working directory</dt>
          <dd>
            <code>{cwd}</code>
          </dd>
        </div>
      )}
      {exitCode !== null && (
        <div>
          <dt>Exit code</dt>
          <dd data-tone={exitCode === 0 ? 'ok' : 'error'}>{exitCode}</dd>
        </div>
      )}
      {patch !== null && (
        <div>
          <dt>
            Files changed{patch.hunks !== null ? ` (${patch.hunks.toLocaleString('en-US')} ${patch.hunks === 1 ? 'hunk' : 'hunks'})` : ''}
          </dt>
          <dd>
            <ul className="tool-card__files">
              {patch.files.map((file) => (
                <li key={file}>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
            {patch.preview !== null && (
              <details className="tool-card__fold">
                <summary>Patch</summary>
                <pre className="tool-card__output">{patch.preview}</pre>
              </details>
            )}
          </dd>
        </div>
      )}
      {other.length > 0 && (
        <div>
          <dt>Details</dt>
          <dd>
            <details className="tool-card__fold">
              <summary>{other.length.toLocaleString('en-US')} more</summary>
              <ul className="tool-card__details">
                {other.map(([key, value]) => (
                  <li key={key}>
                    <span className="muted">{key.replaceAll('_', ' ')}</span> <code>{value}</code>
                  </li>
                ))}
              </ul>
            </details>
          </dd>
        </div>
      )}
    </dl>
  );
}

export interface ToolCallCardProps {
  sessionId: string;
  toolKey: string;
  start: EventOf<'tool_call_start'> | null;
  complete: EventOf<'tool_call_complete'> | null;
  /** The call's tool_call_metadata, oldest first. */
  metadata?: readonly ToolMetadataEvent[];
}

const NO_METADATA: readonly ToolMetadataEvent[] = [];

/** One tool call: name, arguments, live timer and output while it runs; result, success and duration once done. */
export const ToolCallCard = memo(function ToolCallCard({ sessionId, toolKey, start, complete, metadata = NO_METADATA }: ToolCallCardProps) {
  const running = useLiveTool(sessionId, complete === null ? toolKey : null) ?? undefined;
  const name = start?.name ?? complete?.name ?? 'tool';
  const args = useMemo(() => (start ? prettyArguments(start.arguments) : null), [start]);
  const facts = useMemo(() => toolCallFacts(start, metadata), [start, metadata]);
  const other = useMemo(() => otherMetadata(metadata), [metadata]);
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
      <Facts facts={facts} other={other} />
      {args !== null && args !== '' && (
        <details className="tool-card__fold" open={args.length < 400 && facts.command === null && facts.patch === null}>
          <summary>Arguments</summary>
          <pre className="tool-card__args">{args}</pre>
        </details>
      )}
      {running && <LiveOutput tool={running} />}
      {complete && <Output text={complete.output} label="Output" />}
    </article>
  );
});
