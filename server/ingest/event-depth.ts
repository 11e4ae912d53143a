import { defaultMaxEventDepth } from './event-depth-setting';
import { describeLimit } from './ingest-limits';

// One nesting limit for every ingest path (WebSocket frames on either thread,
// NDJSON bodies, JSONL files and followers, adapters, OTLP): each validates
// through server/ingest/ingest-item.ts, which checks it before the schemas run.
//
// Why a limit at all: the validator, JSON.stringify and every later reader
// (listings, replays, exports, the browser) recurse, so an event nested thousands
// deep passes on a thread with a big stack and then breaks everyone who reads it.
// Refusing it before anything is stored keeps every stored event readable.

let configuredMaxDepth = defaultMaxEventDepth;

/**
 * Sets the process' limit (the server at start-up, the validation worker from its
 * workerData). Process-wide on purpose: the stack it protects is too.
 */
export function setMaxEventDepth(depth: number): void {
  configuredMaxDepth = depth;
}

export function maxEventDepth(): number {
  return configuredMaxDepth;
}

/**
 * Whether `value` nests objects and arrays deeper than `max` (the event object
 * itself is depth 1; a scalar is depth 0). It recurses, but never past `max + 1`
 * levels (at most 1001 frames, whatever the input), so the check cannot
 * overflow the stack it protects; it stops at the first level too deep. Runs
 * on every event: about 0.2 µs for the sample events, half the cost of an
 * explicit stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  return typeof value === 'object' && value !== null && deeperThan(value, max);
}

/** `levelsLeft`: how many more levels, this one included, may still nest. */
function deeperThan(node: object, levelsLeft: number): boolean {
  if (levelsLeft === 0) return true;
  if (Array.isArray(node)) {
    for (const child of node as unknown[]) {
      if (typeof child === 'object' && child !== null && deeperThan(child, levelsLeft - 1)) return true;
    }
    return false;
  }
  for (const key in node) {
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && deeperThan(child, levelsLeft - 1)) return true;
  }
  return false;
}

/** A JSON object: anything else is refused for its shape (without recursing), which says more than its depth. */
export function isEventShaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The refusal, naming the limit and the setting that changes it. */
export function tooDeepError(max: number): string {
  return `event nests objects and arrays deeper than ${describeLimit('maxEventDepth', String(max))}`;
}
