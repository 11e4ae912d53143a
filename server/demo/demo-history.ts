import { isStored } from '#protocol/event-class';
import type { SessionEvent } from '#protocol/event-schemas';
import { stampEvent } from './event-draft';
import type { Random } from './random';
import { sessionScenario } from './scenario';
import { pickSessionProfile } from './session-profiles';

/** How far back finished demo sessions are placed. */
const HISTORY_WINDOW_MS = 45 * 60_000;

/**
 * Finished sessions placed in the recent past, so the session list and the cost
 * charts have something in them the moment the dashboard opens. Only what a
 * store keeps is produced (durable and history events, plus session_sync for the
 * title); live-only ticks from the past would be noise.
 */
export function* historyEvents(rng: Random, sessions: number, nowMs: number, newSessionId: () => string): Generator<SessionEvent> {
  for (let i = 0; i < sessions; i++) {
    const profile = pickSessionProfile(rng);
    const steps = [...sessionScenario(rng.fork(), profile)];
    const durationMs = steps.at(-1)?.atMs ?? 0;
    const startMs = nowMs - durationMs - Math.round(rng.float(60_000, HISTORY_WINDOW_MS));
    const createdAt = new Date(startMs).toISOString();
    const sessionId = newSessionId();
    let seq = 0;
    for (const step of steps) {
      if (step.event.type !== 'session_sync' && !isStored(step.event.type)) continue;
      yield stampEvent(step.event, { sessionId, seq: ++seq, ts: new Date(startMs + step.atMs).toISOString(), createdAt });
    }
  }
}
