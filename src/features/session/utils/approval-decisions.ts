// The decisions an approval offers, said the way an operator reads them. They
// come as the agent's `ReviewDecision` (approval/exec_policy.rs), externally
// tagged: plain strings, or `{"approved_execpolicy_amendment":
// {"proposed_execpolicy_amendment": ["git", "push"]}}`.

const PLAIN: Record<string, string> = {
  approved: 'Approve once',
  approve: 'Approve once',
  approved_for_session: 'Approve for this session',
  approve_for_session: 'Approve for this session',
  denied: 'Deny',
  deny: 'Deny',
  abort: 'Deny and stop the turn',
  timed_out: 'Time out',
};

const AMENDMENT_KEYS = new Set(['approved_execpolicy_amendment', 'approved_with_amendment']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A command prefix from an amendment's payload: an array of words, or an object holding one. */
function amendmentPrefix(payload: unknown): string | null {
  const words = Array.isArray(payload) ? payload : isObject(payload) ? Object.values(payload).find(Array.isArray) : undefined;
  if (!words) return null;
  const prefix = words.filter((w): w is string => typeof w === 'string' && w.trim() !== '').join(' ');
  return prefix === '' ? null : prefix;
}

/** One offered decision as a short sentence; an unknown one as its own words (snake_case spaced), never dropped. */
export function describeDecision(decision: unknown): string {
  if (typeof decision === 'string') return Object.hasOwn(PLAIN, decision) ? PLAIN[decision]! : decision.replaceAll('_', ' ');
  if (isObject(decision)) {
    const [key, payload] = Object.entries(decision)[0] ?? [];
    if (key !== undefined && AMENDMENT_KEYS.has(key)) {
      const prefix = amendmentPrefix(payload);
      return prefix ? `Approve, and allow commands starting "${prefix}" from now on` : 'Approve, and amend the policy';
    }
    if (key !== undefined) return describeDecision(key);
  }
  return JSON.stringify(decision) ?? String(decision);
}
