import { settlesApproval } from '../../src/protocol/approval-settlement';
import { isKnownEvent, type EventOf, type SessionEvent } from '../../src/protocol/event-schemas';

/** What a browser joining mid-session needs beyond the stored events, per session. */
interface SessionPresent {
  sync?: EventOf<'session_sync'>;
  thinking?: EventOf<'thinking'>;
  /** The current step's text as one `text_chunk` snapshot, deltas already applied. */
  text?: EventOf<'text_chunk'>;
  estimate?: EventOf<'token_estimate'>;
  rlmByTrace: Map<string, EventOf<'rlm_progress'>>;
  /** Stored, but a browser following the overview has no history: what is still running must be restated. */
  runningTools: Map<string, EventOf<'tool_call_start'>>;
  openCompactions: Map<string, EventOf<'compaction_started'>>;
  heartbeatByTool: Map<string, EventOf<'tool_heartbeat'>>;
  /** The last few output chunks per running tool, oldest first. */
  outputByTool: Map<string, EventOf<'tool_output_chunk'>[]>;
  retry?: EventOf<'stream_retry'>;
  /** Stored, but a browser joining later must still see that the agent waits for an answer. */
  approval?: EventOf<'approval_request'>;
  playBreak?: EventOf<'play_break'>;
  lastSeenMs: number;
  ended: boolean;
}

const OUTPUT_CHUNKS_KEPT = 20;
const TEXT_KEPT_CHARS = 200_000;

function newPresent(nowMs: number): SessionPresent {
  return { rlmByTrace: new Map(), runningTools: new Map(), openCompactions: new Map(), heartbeatByTool: new Map(), outputByTool: new Map(), lastSeenMs: nowMs, ended: false };
}

/**
 * The present state of each live session, kept in memory only (the latest
 * ephemeral events, plus the tool calls and compactions still open): the
 * snapshot is replayed to a browser as events, so the browser's own reducers
 * rebuild the present without a second model of it here.
 */
export class EphemeralState {
  private readonly sessions = new Map<string, SessionPresent>();

  constructor(
    private readonly maxSessions = 2000,
    /** Ended sessions are forgotten after this long; running ones after a long silence. */
    private readonly endedTtlMs = 5 * 60_000,
    private readonly silentTtlMs = 6 * 3600_000,
  ) {}

  apply(event: SessionEvent, nowMs = Date.now()): void {
    if (!isKnownEvent(event)) return;
    let s = this.sessions.get(event.session_id);
    if (!s) {
      s = newPresent(nowMs);
      this.sessions.set(event.session_id, s);
      if (this.sessions.size > this.maxSessions) this.evict(nowMs);
    }
    s.lastSeenMs = nowMs;
    if (s.approval && settlesApproval(s.approval.approval_id, s.approval.tool_call_id, event)) s.approval = undefined;
    switch (event.type) {
      case 'approval_request':
        s.approval = event;
        break;
      case 'session_sync':
        s.sync = event;
        break;
      case 'thinking':
        s.thinking = event;
        break;
      case 'thinking_complete':
        s.thinking = undefined;
        break;
      case 'text_chunk': {
        // Deltas are folded into one snapshot chunk, so a late joiner replays a single event.
        const { delta, ...snapshot } = event;
        const text = event.text ?? (s.text?.text ?? '') + (delta ?? '');
        s.text = { ...snapshot, text: text.length > TEXT_KEPT_CHARS ? text.slice(-TEXT_KEPT_CHARS) : text };
        s.thinking = undefined;
        s.retry = undefined;
        break;
      }
      case 'text_complete':
        s.text = undefined;
        break;
      case 'token_estimate':
        s.estimate = event;
        break;
      case 'rlm_progress':
        s.rlmByTrace.set(event.trace_id, event);
        break;
      case 'rlm_complete':
        s.rlmByTrace.delete(event.trace_id);
        break;
      case 'tool_call_start':
        if (event.tool_call_id) s.runningTools.set(event.tool_call_id, event);
        break;
      case 'compaction_started':
        s.openCompactions.set(event.trace_id, event);
        break;
      case 'compaction_completed':
      case 'compaction_failed':
        s.openCompactions.delete(event.trace_id);
        break;
      case 'tool_heartbeat':
        s.heartbeatByTool.set(event.tool_call_id, event);
        break;
      case 'tool_output_chunk': {
        const chunks = s.outputByTool.get(event.tool_call_id) ?? [];
        chunks.push(event);
        if (chunks.length > OUTPUT_CHUNKS_KEPT) chunks.shift();
        s.outputByTool.set(event.tool_call_id, chunks);
        break;
      }
      case 'tool_call_complete':
        if (event.tool_call_id) {
          s.runningTools.delete(event.tool_call_id);
          s.heartbeatByTool.delete(event.tool_call_id);
          s.outputByTool.delete(event.tool_call_id);
        }
        break;
      case 'stream_retry':
        s.retry = event;
        break;
      case 'play_break':
        s.playBreak = event;
        break;
      case 'done':
      case 'error':
        s.ended = event.type === 'done';
        s.thinking = undefined;
        s.retry = undefined;
        s.runningTools.clear();
        s.openCompactions.clear();
        s.heartbeatByTool.clear();
        s.outputByTool.clear();
        s.rlmByTrace.clear();
        break;
      default:
        break;
    }
  }

  /** The present of the given sessions (null: all), as events in a replayable order. */
  snapshot(sessionIds: readonly string[] | null, nowMs = Date.now()): SessionEvent[] {
    this.evict(nowMs);
    const out: SessionEvent[] = [];
    const ids = sessionIds ?? [...this.sessions.keys()];
    for (const id of ids) {
      const s = this.sessions.get(id);
      if (!s) continue;
      const parts: (SessionEvent | undefined)[] = [s.sync, s.estimate, s.retry, s.playBreak, s.thinking, s.text, s.approval];
      parts.push(...s.rlmByTrace.values(), ...s.runningTools.values(), ...s.openCompactions.values(), ...s.heartbeatByTool.values());
      for (const chunks of s.outputByTool.values()) parts.push(...chunks);
      const present = parts.filter((e): e is SessionEvent => e !== undefined);
      // In seq order, so replaying them is the same as having seen them arrive.
      present.sort((a, b) => a.seq - b.seq);
      out.push(...present);
    }
    return out;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Drops sessions deleted from the store (the demo's), so no snapshot brings them back. */
  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.sessions.delete(id);
  }

  private evict(nowMs: number): void {
    for (const [id, s] of this.sessions) {
      const ttl = s.ended ? this.endedTtlMs : this.silentTtlMs;
      if (nowMs - s.lastSeenMs > ttl) this.sessions.delete(id);
    }
    // Still too many: drop the longest-silent first (Map order is insertion, close enough to age).
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= this.maxSessions) break;
      this.sessions.delete(id);
    }
  }
}
