import { formatDuration, formatTokens } from '../../../lib/format';
import type { LiveActivity } from '../hooks/use-live-session';

export interface ActivityItem {
  key: string;
  label: string;
  /** `warn` for states an operator should notice (paused, retrying). */
  tone: 'info' | 'warn';
}

/** The session's present activity as short labels, most important first. Pure. */
export function describeActivity(activity: LiveActivity): ActivityItem[] {
  const items: ActivityItem[] = [];
  if (activity.paused) items.push({ key: 'paused', label: 'Paused', tone: 'warn' });
  if (activity.retry) {
    const { attempt, maxRestarts, reason } = activity.retry;
    items.push({ key: 'retry', label: `Retrying stream (${attempt} of ${maxRestarts}): ${reason}`, tone: 'warn' });
  }
  if (activity.compaction) {
    const { beforeTokens, budget } = activity.compaction;
    items.push({
      key: 'compaction',
      label: `Compacting context (${formatTokens(beforeTokens)} → budget ${formatTokens(budget)})`,
      tone: 'info',
    });
  }
  if (activity.rlm) {
    const { iteration, maxIterations, status } = activity.rlm;
    items.push({ key: 'rlm', label: `RLM iteration ${iteration} of ${maxIterations}${status ? ` — ${status}` : ''}`, tone: 'info' });
  }
  for (const key of activity.tools.ids) {
    const tool = activity.tools.byId[key];
    if (!tool) continue;
    const elapsed = tool.elapsedSecs > 0 ? ` · ${formatDuration(tool.elapsedSecs * 1000)}` : '';
    items.push({ key: `tool:${key}`, label: `Running ${tool.name}${elapsed}`, tone: 'info' });
  }
  if (activity.thinking) items.push({ key: 'thinking', label: 'Thinking…', tone: 'info' });
  if (activity.streaming) items.push({ key: 'streaming', label: 'Writing a reply…', tone: 'info' });
  return items;
}
