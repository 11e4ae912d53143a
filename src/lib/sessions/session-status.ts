import type { OperatorStatus, OperatorStatusKind } from '../../protocol/session-status';
import { formatAge } from '../format/format';

// The operator status as the UI words it. The derivation itself is shared with
// the server (src/protocol/session-status.ts) and re-exported here for the views.

export {
  DEFAULT_STALLED_AFTER_MS,
  deriveStatus,
  isActiveStatus,
  operatorStatusKinds,
  runningSecs,
  type DeriveStatusInput,
  type LiveStatusFacts,
  type OperatorStatus,
  type OperatorStatusKind,
  type SummaryStatusFacts,
} from '../../protocol/session-status';

/** Where a pending approval is answered: the dashboard only watches, the agent's own prompt decides. */
export const APPROVAL_ANSWERED_WHERE = "answer in the agent's terminal";

export const operatorStatusLabels: Record<OperatorStatusKind, string> = {
  thinking: 'Thinking',
  streaming: 'Streaming',
  running_tool: 'Running tool',
  compacting: 'Compacting',
  rlm: 'Running RLM',
  retrying: 'Retrying',
  awaiting_approval: 'Awaiting approval',
  stalled: 'Stalled',
  idle: 'Idle',
  abandoned: 'Abandoned',
  done: 'Done',
  error: 'Error',
};

/** A one-line description: "Running bash · 12 s", "Retrying 2/3", "Stalled · 4m 05s silent". */
export function describeStatus(status: OperatorStatus): string {
  switch (status.kind) {
    case 'running_tool': {
      const name = status.tool ?? 'tool';
      return status.elapsedSecs === null ? `Running ${name}` : `Running ${name} · ${Math.floor(status.elapsedSecs)} s`;
    }
    case 'retrying':
      return status.attempt === null ? 'Retrying' : `Retrying ${status.attempt}/${status.max ?? '?'}`;
    case 'rlm':
      return status.iteration === null ? 'Running RLM' : `Running RLM · iteration ${status.iteration}/${status.max ?? '?'}`;
    case 'awaiting_approval': {
      const parts = ['Awaiting approval', status.tool, status.waitingMs === null ? null : `waiting ${formatAge(status.waitingMs)}`];
      return parts.filter((part) => part).join(' · ');
    }
    case 'stalled':
      return `Stalled · ${formatAge(status.silentMs)} silent`;
    case 'abandoned':
      return `Abandoned · ${formatAge(status.silentMs)} silent`;
    default:
      return operatorStatusLabels[status.kind];
  }
}
