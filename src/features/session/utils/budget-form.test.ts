import { describe, expect, it } from 'vitest';
import { parseBudgetForm, usdFieldText } from './budget-form';

describe('parseBudgetForm', () => {
  it('reads dollars with or without the sign, and empty as no threshold', () => {
    expect(parseBudgetForm('0.50', '$2')).toEqual({ ok: true, budget: { warn_usd: 0.5, limit_usd: 2 } });
    expect(parseBudgetForm('', ' 3 ')).toEqual({ ok: true, budget: { warn_usd: null, limit_usd: 3 } });
    expect(parseBudgetForm('', '')).toEqual({ ok: true, budget: { warn_usd: null, limit_usd: null } });
  });

  it('names the field and says why', () => {
    expect(parseBudgetForm('abc', '2')).toEqual({ ok: false, field: 'warn', error: 'Warn must be an amount in USD, such as 2.50' });
    expect(parseBudgetForm('1', '0')).toEqual({ ok: false, field: 'limit', error: 'Limit must be more than $0 (leave it empty for none)' });
    expect(parseBudgetForm('1', '-2')).toMatchObject({ ok: false, field: 'limit' });
    expect(parseBudgetForm('5', '2')).toEqual({ ok: false, field: 'warn', error: 'Warn must not be above the limit' });
  });

  it('shows a threshold back as a field', () => {
    expect(usdFieldText(2.5)).toBe('2.5');
    expect(usdFieldText(null)).toBe('');
  });
});
