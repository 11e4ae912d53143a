/** Strategies in the order of escalation; failures after them. */
export const strategyOrder = ['rlm', 'chunk_compress', 'truncate', 'truncate (context lost)'];

/** The stats key as words: `failed:truncate` → "failed → truncate"; `failed:none` (the server's word for a null fall-back) → "failed, no fallback". */
export function strategyLabel(key: string): string {
  if (!key.startsWith('failed:')) return key;
  const fellBackTo = key.slice('failed:'.length);
  return fellBackTo && fellBackTo !== 'none' && fellBackTo !== 'null' ? `failed → ${fellBackTo}` : 'failed, no fallback';
}
