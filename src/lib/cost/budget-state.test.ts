import { describe, expect, it } from 'vitest';
import { budgetState, budgetStateLabel, effectiveBudget, formatApproxDuration, noBudget, projectBudget } from './budget-state';

const warnAt1Limit5 = { warn_usd: 1, limit_usd: 5 };

describe('effectiveBudget', () => {
  it('takes the global default when a session has no override', () => {
    expect(effectiveBudget(warnAt1Limit5, undefined)).toEqual(warnAt1Limit5);
  });

  it('lets an override replace each threshold it sets, and keeps the global one it leaves null', () => {
    expect(effectiveBudget(warnAt1Limit5, { warn_usd: 0.5, limit_usd: 2 })).toEqual({ warn_usd: 0.5, limit_usd: 2 });
    expect(effectiveBudget(warnAt1Limit5, { warn_usd: 0.25, limit_usd: null })).toEqual({ warn_usd: 0.25, limit_usd: 5 });
    expect(effectiveBudget(noBudget, { warn_usd: null, limit_usd: 3 })).toEqual({ warn_usd: null, limit_usd: 3 });
  });
});

describe('budgetState', () => {
  it('is none without thresholds or without a price', () => {
    expect(budgetState(12, noBudget)).toBe('none');
    expect(budgetState(null, warnAt1Limit5)).toBe('none');
  });

  it('counts reaching a threshold as crossing it', () => {
    expect(budgetState(0.99, warnAt1Limit5)).toBe('ok');
    expect(budgetState(1, warnAt1Limit5)).toBe('warn');
    expect(budgetState(4.99, warnAt1Limit5)).toBe('warn');
    expect(budgetState(5, warnAt1Limit5)).toBe('limit');
    expect(budgetState(7.5, warnAt1Limit5)).toBe('limit');
  });

  it('works with only one threshold set', () => {
    expect(budgetState(2, { warn_usd: null, limit_usd: 2 })).toBe('limit');
    expect(budgetState(1.5, { warn_usd: null, limit_usd: 2 })).toBe('ok');
    expect(budgetState(100, { warn_usd: 1, limit_usd: null })).toBe('warn');
  });

  it('puts the state in words as well', () => {
    expect(budgetStateLabel('warn')).toBe('over warn');
    expect(budgetStateLabel('limit')).toBe('at limit');
    expect(budgetStateLabel('ok')).toBeNull();
  });
});

describe('projectBudget', () => {
  it('says when the limit will be reached: $2 spent, $3 left at $6/h is 30 minutes', () => {
    expect(projectBudget(2, 6, warnAt1Limit5)).toEqual({ kind: 'limit', inMs: 30 * 60_000 });
  });

  it('projects the cost an hour ahead when there is no limit ahead', () => {
    expect(projectBudget(2, 0.5, noBudget)).toEqual({ kind: 'hour', costUsd: 2.5 });
    // Already past the limit: the limit is no longer ahead.
    expect(projectBudget(6, 1.2, warnAt1Limit5)).toEqual({ kind: 'hour', costUsd: 7.2 });
  });

  it('has nothing to say about a session that is not burning or has no price', () => {
    expect(projectBudget(2, 0, warnAt1Limit5)).toBeNull();
    expect(projectBudget(2, null, warnAt1Limit5)).toBeNull();
    expect(projectBudget(null, 3, warnAt1Limit5)).toBeNull();
  });
});

describe('formatApproxDuration', () => {
  it('rounds like a guess', () => {
    expect(formatApproxDuration(20_000)).toBe('<1 min');
    expect(formatApproxDuration(25 * 60_000 + 10_000)).toBe('~25 min');
    expect(formatApproxDuration(89 * 60_000)).toBe('~89 min');
    expect(formatApproxDuration(3 * 3_600_000)).toBe('~3 h');
    expect(formatApproxDuration(50 * 3_600_000)).toBe('~2 d');
    expect(formatApproxDuration(-1)).toBe('—');
  });
});
