/**
 * The envelope `producer` the built-in demo stamps on every event it makes. The
 * store keeps a session's first producer, so a demo session is marked where it is
 * stored; the server leaves such sessions out of cost totals and alerts unless
 * asked, and the browser shows them with a badge. One home for the name.
 */
export const DEMO_PRODUCER = 'demo';

/** Whether a session (by its summary's `producer`) was made by the built-in demo. */
export function isDemoProducer(producer: string | null | undefined): boolean {
  return producer === DEMO_PRODUCER;
}
