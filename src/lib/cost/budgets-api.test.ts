import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetFor, getBudgets } from './budgets-api';

afterEach(() => vi.unstubAllGlobals());

describe('getBudgets', () => {
  it('keeps overrides of sessions named like Object.prototype members, and invents none', async () => {
    const body = '{"global":{"warn_usd":1,"limit_usd":2},"sessions":{"__proto__":{"warn_usd":3,"limit_usd":null},"constructor":{"warn_usd":null,"limit_usd":4}}}';
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { headers: { 'content-type': 'application/json' } })));
    const budgets = await getBudgets();
    expect([...budgets.sessions.keys()]).toEqual(['__proto__', 'constructor']);
    expect(budgetFor(budgets, '__proto__')).toEqual({ warn_usd: 3, limit_usd: 2 });
    expect(budgetFor(budgets, 'constructor')).toEqual({ warn_usd: 1, limit_usd: 4 });
    expect(budgetFor(budgets, 'toString')).toEqual({ warn_usd: 1, limit_usd: 2 });
  });
});
