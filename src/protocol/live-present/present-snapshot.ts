import type { EventOf, SessionEvent } from '../event-schemas';
import { applyPresentEvent } from './present-fold';
import type { PresentLimits, SessionPresent } from './present-state';

// The late-join snapshot, both halves in one place: what the server restates of
// a session's present (as events, so the browser folds them with the same fold)
// and what the browser forgets before applying them. The rule: a fact an
// ephemeral event can change is forgotten and restated (a browser that was away
// missed those events); a fact only stored events change (running calls, a
// compaction under way, a finished step) is kept, since the browser was replayed
// those, and restated too for a browser that has no history (the overview).

/** The present of one session as events to replay, in seq order: folding them reproduces it. */
export function presentAsEvents(present: SessionPresent): SessionEvent[] {
  const events: SessionEvent[] = [];
  const add = (event: SessionEvent | null | undefined) => {
    if (event) events.push(event);
  };
  add(present.sync);
  add(present.estimate);
  add(present.paused);
  add(present.end);
  add(present.thinking);
  add(present.retry?.retry);
  add(present.rlm?.progress);
  add(present.compaction?.started);
  add(present.approval?.request);
  if (present.step && !present.step.complete && present.step.chunk) {
    // Deltas are folded into one snapshot chunk, so a late joiner replays a single event.
    const { delta: _delta, ...chunk } = present.step.chunk;
    add({ ...chunk, text: present.step.text } satisfies EventOf<'text_chunk'>);
  }
  for (const key of present.tools.ids) {
    const tool = present.tools.byId.get(key)!;
    add(tool.start);
    add(tool.heartbeat);
    for (const part of tool.output) add({ ...part.last, stream: part.stream, chunk: part.text } satisfies EventOf<'tool_output_chunk'>);
  }
  // Each restated event is the newest to set its fact, so seq order replays them as they happened.
  return events.sort((a, b) => a.seq - b.seq);
}

/** Forgets what a snapshot is about to restate (see the rule above); running calls stay, without their output. */
export function forgetRestated(present: SessionPresent): SessionPresent {
  const tools = new Map(present.tools.byId);
  for (const [key, tool] of tools) if (tool.output.length > 0) tools.set(key, { ...tool, output: [] });
  // The loops forget what their facts forget: the restated events reopen them.
  const loops = { ...present.loops, thinking: false, streaming: false, retrying: false, rlm: null, approval: null };
  return {
    ...present,
    end: null,
    loops,
    thinking: null,
    step: present.step?.complete ? present.step : null,
    tools: { byId: tools, ids: present.tools.ids },
    rlm: null,
    retry: null,
    approval: null,
    estimate: null,
    paused: null,
    sync: null,
  };
}

/** The present after a snapshot: forgotten, then the server's events folded in (whatever their seq). */
export function restatePresent(present: SessionPresent, events: readonly SessionEvent[], limits: PresentLimits): SessionPresent {
  let next = forgetRestated(present);
  for (const event of events) next = applyPresentEvent(next, event, limits, true);
  return next;
}
