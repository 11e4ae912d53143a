import { describe, expect, it } from 'vitest';
import { matchCatalogue } from './catalogue';
import { parsePriceOverrides } from './price-overrides';
import { Prices } from './prices';

const at = Date.UTC(2026, 10, 24, 13);

describe('catalogue matching (@pydantic/genai-prices)', () => {
  it.each([
    ['anthropic/claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['openai/gpt-4o', 'openai', 'gpt-4o'],
    ['gpt-4o', 'openai', 'gpt-4o'],
    ['gemini/gemini-2.5-pro', 'google', 'gemini-2.5-pro'],
    // An unknown routing prefix in front of a known model: the rest is matched on its own.
    ['my-gateway/openai/gpt-4o', 'openai', 'gpt-4o'],
  ])('matches %s to %s %s', (name, provider, model) => {
    const match = matchCatalogue(name);
    expect(match && [match.provider.id, match.model.id]).toEqual([provider, model]);
  });

  it('matches nothing for a name no catalogue knows', () => {
    expect(matchCatalogue('acme/made-up-model-7')).toBeNull();
  });
});

describe('Prices', () => {
  it("gives a real model the catalogue's rates, cache rates included, and says tiers are priced at the first", () => {
    const rule = new Prices().ruleAt('anthropic/claude-sonnet-4-5', at);
    expect(rule).toMatchObject({
      model: 'anthropic/claude-sonnet-4-5',
      kind: 'catalogue',
      provider: 'anthropic',
      matched_model: 'claude-sonnet-4-5',
      input_per_mtok: 3,
      output_per_mtok: 15,
      cache_read_per_mtok: 0.3,
      cache_write_per_mtok: 3.75,
    });
    expect(rule.note).toMatch(/genai-prices \d+\.\d+\.\d+/);
    expect(rule.note).toMatch(/tiered: priced at the first tier/);
  });

  it('marks a model without any price as unpriced', () => {
    expect(new Prices().ruleAt('acme/made-up-model-7', at)).toMatchObject({ kind: 'unpriced', input_per_mtok: null, output_per_mtok: null });
  });

  it('lets an override win over the catalogue, and hands out the same rule object each time', () => {
    const parsed = parsePriceOverrides(JSON.stringify([{ model: 'openai/*', input_per_mtok: 1, output_per_mtok: 2, label: 'negotiated' }]));
    if (!parsed.ok) throw new Error(parsed.error);
    const prices = new Prices(parsed.overrides);
    const rule = prices.ruleAt('openai/gpt-4o', at);
    expect(rule).toMatchObject({ kind: 'override', provider: 'negotiated', matched_model: 'openai/*', input_per_mtok: 1, output_per_mtok: 2 });
    expect(prices.ruleAt('openai/gpt-4o', at + 1)).toBe(rule);
    // Not covered by the override: still the catalogue.
    expect(prices.ruleAt('gpt-4o', at)).toMatchObject({ kind: 'catalogue', input_per_mtok: 2.5, output_per_mtok: 10, cache_read_per_mtok: 1.25 });
  });
});
