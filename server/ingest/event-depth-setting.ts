// The bounds of the maxEventDepth setting (server/ingest/event-depth.ts), here
// alone so that the configuration schema can import them without a cycle.

/**
 * The default: serde_json's recursion limit, so nothing a Rust producer (codetether)
 * could read back itself is refused, and far below the depth (~5,000) at which
 * the main thread's stack overflows in the validator.
 */
export const defaultMaxEventDepth = 128;

/** The most the setting may be: every reader of a stored event recurses, and must stay far from the stack's end. */
export const maxEventDepthCeiling = 1000;

/** The least: the protocol's own events nest a few levels (an event, its metadata, a list in it). */
export const maxEventDepthFloor = 8;
