import type { PriceRule } from '#protocol/cost-schemas';
import { Catalogue } from './catalogue';
import { overrideAt, overrideRule, type PriceOverride } from './price-overrides';

// One consistent set of prices (the overrides file as last read, over the
// catalogue), for one request. Pure once built; each rule object is made once,
// so a reply can list "the rules that applied" by identity.

const sharedCatalogue = new Catalogue();

export class Prices {
  private readonly overrideRules = new Map<PriceOverride, Map<string, PriceRule>>();
  private readonly unpricedRules = new Map<string, PriceRule>();

  constructor(
    private readonly overrides: readonly PriceOverride[] = [],
    private readonly catalogue: Catalogue = sharedCatalogue,
  ) {}

  /** The rule for `model` at `atMs`: an override in force, else the catalogue's, else an `unpriced` rule. */
  ruleAt(model: string, atMs: number): PriceRule {
    const override = overrideAt(this.overrides, model, atMs);
    if (override !== null) {
      let byModel = this.overrideRules.get(override);
      if (byModel === undefined) this.overrideRules.set(override, (byModel = new Map()));
      let rule = byModel.get(model);
      if (rule === undefined) byModel.set(model, (rule = overrideRule(model, override)));
      return rule;
    }
    return this.catalogue.model(model)?.ruleAt(atMs) ?? this.unpricedRule(model);
  }

  private unpricedRule(model: string): PriceRule {
    let rule = this.unpricedRules.get(model);
    if (rule === undefined) {
      rule = {
        model,
        kind: 'unpriced',
        provider: null,
        matched_model: null,
        input_per_mtok: null,
        output_per_mtok: null,
        cache_read_per_mtok: null,
        cache_write_per_mtok: null,
        effective_from_ms: null,
        note: 'no catalogue entry and no override: add one to the prices file',
      };
      this.unpricedRules.set(model, rule);
    }
    return rule;
  }
}
