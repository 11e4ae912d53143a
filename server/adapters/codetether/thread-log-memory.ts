/** What a thread log said earlier that a later line needs (tool names and start times, the turn's last text). */
export interface ToolCallStarted {
  name: string;
  startedMs: number;
}

export interface TurnState {
  turnId: string | null;
  /** The last completed text of the turn, so `turn.completed{response}` does not repeat it. */
  lastText: string | null;
  /** A terminal line (done, completed, failed) was mapped: a second one for the same turn adds nothing. */
  ended: boolean;
}

/** Tool calls still open are few; a log that never completes its calls must not grow this without bound. */
const MAX_OPEN_TOOL_CALLS = 10_000;

/**
 * Per-file memory of the thread-log mapping. It is rebuilt by reading the file
 * from the start, which is how every restart reads it, so the mapping of a
 * line never depends on anything but the lines before it.
 */
export class ThreadLogMemory {
  private readonly openCalls = new Map<string, ToolCallStarted>();
  turn: TurnState = { turnId: null, lastText: null, ended: false };

  startTurn(turnId: string | null): void {
    this.turn = { turnId, lastText: null, ended: false };
  }

  /** A line of another turn than the one remembered (its turn.started was missed): that turn now. */
  enterTurn(turnId: string | null): void {
    if (turnId !== null && turnId !== this.turn.turnId) this.startTurn(turnId);
  }

  callStarted(id: string, call: ToolCallStarted): void {
    if (this.openCalls.size >= MAX_OPEN_TOOL_CALLS) this.openCalls.delete(this.openCalls.keys().next().value as string);
    this.openCalls.set(id, call);
  }

  call(id: string): ToolCallStarted | undefined {
    return this.openCalls.get(id);
  }

  callEnded(id: string): ToolCallStarted | undefined {
    const call = this.openCalls.get(id);
    this.openCalls.delete(id);
    return call;
  }
}
