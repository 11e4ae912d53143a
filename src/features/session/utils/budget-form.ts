import type { Budget } from '../../../protocol/cost-schemas';

export type BudgetFormResult = { ok: true; budget: Budget } | { ok: false; field: 'warn' | 'limit'; error: string };

/** An empty field is "no threshold"; anything else must be a positive amount of dollars ("$2.50" and "2.5" alike). */
function parseUsd(text: string, field: 'warn' | 'limit'): { ok: true; value: number | null } | { ok: false; field: 'warn' | 'limit'; error: string } {
  const trimmed = text.trim().replace(/^\$/, '').trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  const name = field === 'warn' ? 'Warn' : 'Limit';
  if (!/^\d*\.?\d+$/.test(trimmed) || !Number.isFinite(value)) return { ok: false, field, error: `${name} must be an amount in USD, such as 2.50` };
  if (value <= 0) return { ok: false, field, error: `${name} must be more than $0 (leave it empty for none)` };
  return { ok: true, value };
}

/** The budget form's two fields as a Budget the server accepts, or the first thing wrong with them. Pure. */
export function parseBudgetForm(warnText: string, limitText: string): BudgetFormResult {
  const warn = parseUsd(warnText, 'warn');
  if (!warn.ok) return warn;
  const limit = parseUsd(limitText, 'limit');
  if (!limit.ok) return limit;
  if (warn.value !== null && limit.value !== null && warn.value > limit.value) {
    return { ok: false, field: 'warn', error: 'Warn must not be above the limit' };
  }
  return { ok: true, budget: { warn_usd: warn.value, limit_usd: limit.value } };
}

/** A threshold as the field shows it: "2.5", or empty for none. */
export function usdFieldText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
