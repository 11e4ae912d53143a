import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { calcPrice, findProvider, type ModelInfo, type ModelPrice, type Provider } from '@pydantic/genai-prices';
import type { PriceRule } from '#protocol/cost-schemas';

// Prices from the maintained catalogue (@pydantic/genai-prices, bundled data, no
// network). Matching a name costs the package about 0.3 ms, so each reported model
// name is matched once; the rule for a time is then resolved here.

const catalogueVersion = (() => {
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return `genai-prices ${manifest.version}`;
})();

/** Provider prefixes agents use that the catalogue spells differently. */
const providerAliases: Record<string, string> = {
  gemini: 'google',
  vertex: 'google',
  'google-vertex': 'google',
  xai: 'x-ai',
  grok: 'x-ai',
  bedrock: 'aws',
  'amazon-bedrock': 'aws',
  moonshot: 'moonshotai',
  zhipuai: 'zai',
  'z-ai': 'zai',
};

interface CatalogueMatch {
  provider: Provider;
  model: ModelInfo;
}

const probeUsage = { input_tokens: 1, output_tokens: 1 };

function tryCalc(modelId: string, providerId?: string): CatalogueMatch | null {
  try {
    const result = calcPrice(probeUsage, modelId, providerId === undefined ? {} : { providerId });
    return result && { provider: result.provider, model: result.model };
  } catch {
    // A catalogue entry whose prices the package cannot evaluate is as good as none.
    return null;
  }
}

/**
 * `anthropic/claude-sonnet-4-5` → provider `anthropic`, model `claude-sonnet-4-5`;
 * `openrouter/anthropic/claude-sonnet-4-5` → OpenRouter's entry, else the same
 * without the prefix; `gpt-4o` → the catalogue's own model matching.
 */
export function matchCatalogue(name: string): CatalogueMatch | null {
  const slash = name.indexOf('/');
  if (slash <= 0) return tryCalc(name);
  const prefix = name.slice(0, slash).toLowerCase();
  const rest = name.slice(slash + 1);
  const providerId = providerAliases[prefix] ?? prefix;
  const viaProvider = findProvider({ providerId }) === undefined ? null : tryCalc(rest, providerId);
  return viaProvider ?? matchCatalogue(rest);
}

type PriceValue = ModelPrice[string];
const rateOf = (value: PriceValue): number | null => (value === undefined ? null : typeof value === 'number' ? value : value.base);
const firstTierStart = (value: PriceValue): number | null =>
  typeof value === 'object' && value.tiers.length > 0 ? Math.min(...value.tiers.map((t) => t.start)) : null;

/** The catalogue's prices for one reported model name, each variant made into a rule once. */
export class CatalogueModel {
  private readonly rules = new Map<ModelPrice, PriceRule>();

  constructor(
    readonly name: string,
    private readonly match: CatalogueMatch,
  ) {}

  /** The rule in force at `atMs`, or null when the entry has no token prices (an image model, say). */
  ruleAt(atMs: number): PriceRule | null {
    const prices = this.pricesAt(atMs);
    let rule = this.rules.get(prices.modelPrice);
    if (rule === undefined) {
      rule = this.toRule(prices.modelPrice, prices.effectiveFromMs);
      this.rules.set(prices.modelPrice, rule);
    }
    return rule.input_per_mtok === null && rule.output_per_mtok === null ? null : rule;
  }

  /**
   * The package's own resolution (last matching constraint wins, else the first
   * entry), done here so it is not repeated through a 0.3 ms match per bucket.
   */
  private pricesAt(atMs: number): { modelPrice: ModelPrice; effectiveFromMs: number | null } {
    const { prices } = this.match.model;
    if (!Array.isArray(prices)) return { modelPrice: prices, effectiveFromMs: null };
    const at = new Date(atMs);
    for (let i = prices.length - 1; i >= 0; i--) {
      const { constraint, prices: modelPrice } = prices[i]!;
      if (constraint === undefined) return { modelPrice, effectiveFromMs: null };
      if (constraint.type === 'start_date') {
        const startMs = Date.parse(constraint.start_date);
        if (atMs >= startMs) return { modelPrice, effectiveFromMs: startMs };
      } else if (inDailyWindow(at, constraint.start_time, constraint.end_time)) {
        return { modelPrice, effectiveFromMs: null };
      }
    }
    return { modelPrice: prices[0]!.prices, effectiveFromMs: null };
  }

  private toRule(price: ModelPrice, effectiveFromMs: number | null): PriceRule {
    const notes = [catalogueVersion];
    const tierStart = firstTierStart(price.input_mtok) ?? firstTierStart(price.output_mtok);
    if (tierStart !== null) notes.push(`tiered: priced at the first tier (requests under ${tierStart.toLocaleString('en')} input tokens)`);
    if (Array.isArray(this.match.model.prices) && this.match.model.prices.some((p) => p.constraint?.type === 'time_of_date')) {
      notes.push('time-of-day prices: each bucket priced at its start');
    }
    return {
      model: this.name,
      kind: 'catalogue',
      provider: this.match.provider.id,
      matched_model: this.match.model.id,
      input_per_mtok: rateOf(price.input_mtok),
      output_per_mtok: rateOf(price.output_mtok),
      cache_read_per_mtok: rateOf(price.cache_read_mtok),
      cache_write_per_mtok: rateOf(price.cache_write_mtok),
      effective_from_ms: effectiveFromMs,
      note: notes.join('; '),
    };
  }
}

/** `HH:MM:SS[Z|±HH:MM]` windows, wrapping past midnight when the end is before the start. */
function inDailyWindow(at: Date, start: string, end: string): boolean {
  const seconds = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds();
  const from = secondsOfDay(start);
  const to = secondsOfDay(end);
  return to < from ? seconds >= from || seconds < to : seconds >= from && seconds < to;
}

function secondsOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (match === null) return 0;
  const [, h, m, s, , sign, oh = '0', om = '0'] = match;
  const offset = (Number(oh) * 60 + Number(om)) * 60 * (sign === '-' ? -1 : sign === '+' ? 1 : 0);
  return (Number(h) * 3600 + Number(m) * 60 + Number(s) - offset + 86400) % 86400;
}

/** Every reported name matched once per process; a miss is remembered too. */
export class Catalogue {
  private readonly models = new Map<string, CatalogueModel | null>();

  model(name: string): CatalogueModel | null {
    let model = this.models.get(name);
    if (model === undefined) {
      const match = matchCatalogue(name);
      model = match === null ? null : new CatalogueModel(name, match);
      this.models.set(name, model);
    }
    return model;
  }
}
