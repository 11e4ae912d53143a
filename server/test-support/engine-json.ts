/**
 * Whether this engine's JSON.stringify copes with `value`. What it cannot serialise
 * differs between engines: Node 20's recurses and overflows the stack on JSON nested
 * 12,000 deep, Node 26's does not recurse and serialises it. Tests of what the
 * server does with an event it cannot serialise ask this instead of assuming.
 */
export function engineSerialises(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
