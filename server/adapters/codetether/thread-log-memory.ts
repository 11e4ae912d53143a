import { ToolCallLedger } from './tool-call-folding';

/** What a thread log said earlier that a later line needs (open tool calls, the turn's last text and end). */
export interface TurnState {
  turnId: string | null;
  /** The last completed text of the turn, so `turn.completed{response}` does not repeat it. */
  lastText: string | null;
  /** How the turn ended so far: `turn.done` then `turn.completed` is one end, not two. */
  ended: 'done' | 'error' | null;
}

/**
 * Per-file memory of the thread-log mapping. It is rebuilt by reading the file
 * from the start, which is how every restart reads it, so the mapping of a
 * line never depends on anything but the lines before it.
 */
export class ThreadLogMemory {
  readonly calls = new ToolCallLedger();
  turn: TurnState = { turnId: null, lastText: null, ended: null };

  startTurn(turnId: string | null): void {
    this.turn = { turnId, lastText: null, ended: null };
    this.calls.clear();
  }

  /** A line of another turn than the one remembered (its turn.started was missed): that turn now. */
  enterTurn(turnId: string | null): void {
    if (turnId !== null && turnId !== this.turn.turnId) this.startTurn(turnId);
  }
}
