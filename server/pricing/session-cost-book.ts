import type { Logger } from 'pino';
import type { SessionSummary } from '#protocol/api-schemas';
import type { EventStore, SessionCostColumns } from '../store/event-store';
import type { PriceSource } from './price-source';
import type { Prices } from './prices';
import { wholeSessionCosts } from './session-costs';

// The cost that travels with every session summary. A summary is folded from
// events, but its cost depends on prices that change (an overrides edit reprices
// history), so it is not folded: this book prices a summary whenever its token
// sums differ from the ones it last priced, with the one definition of a
// session's cost (`wholeSessionCosts`, as `/session-costs`), and writes the
// result to the store's cost column (which the session list sorts by). The hub
// fills summaries through it before pushing them and the read routes before
// answering, so the overview row, the session header, `/session-costs` and
// `/usage?group_by=session` agree whenever anyone looks.

/** Fills what a summary does not fold from events (its priced cost) before it is pushed or served. */
export interface SummaryFiller {
  fill(summaries: readonly SessionSummary[]): Promise<SessionSummary[]>;
}

/** Everything in a summary that changes its cost: any new call or token moves it. */
export function usageKeyOf(summary: SessionSummary): string {
  let calls = 0;
  for (const totals of Object.values(summary.tokens_by_source)) calls += totals.calls;
  return `${calls}:${summary.prompt_tokens}:${summary.completion_tokens}:${summary.cache_read_tokens}:${summary.cache_write_tokens}`;
}

const noUsage: SessionCostColumns = Object.freeze({ cost_usd: null, unpriced_tokens: 0 });

interface Priced extends SessionCostColumns {
  usageKey: string;
}

/** Sessions priced per query: bounds one query's IN list. */
const PRICE_CHUNK = 500;

export class SessionCostBook implements SummaryFiller {
  /** The last pricing of each session, least recently used first. */
  private readonly book = new Map<string, Priced>();
  private pricedWith: Prices | null = null;
  private repricing: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly prices: PriceSource,
    private readonly log: Pick<Logger, 'info' | 'error'>,
    private readonly capacity = 20_000,
  ) {}

  /**
   * `summaries` with `cost_usd`/`unpriced_tokens` current: those whose usage is
   * unchanged since their last pricing keep it; the others are priced now (one
   * query per chunk) and written to the store. Returns copies where a field changed.
   * Never throws: when pricing fails (the store unavailable), the summaries keep
   * their last cost, which is better than a failed push, replay or read.
   */
  async fill(summaries: readonly SessionSummary[]): Promise<SessionSummary[]> {
    const prices = this.currentPrices();
    const stale = new Map<string, string>();
    for (const summary of summaries) {
      const key = usageKeyOf(summary);
      if (this.book.get(summary.session_id)?.usageKey !== key) stale.set(summary.session_id, key);
    }
    if (stale.size > 0) {
      try {
        await this.price(prices, stale);
      } catch (err) {
        this.log.error({ err, sessions: stale.size }, 'pricing session summaries failed; they keep their last cost');
      }
    }
    return summaries.map((summary) => {
      const priced = this.book.get(summary.session_id);
      if (!priced || (priced.cost_usd === summary.cost_usd && priced.unpriced_tokens === summary.unpriced_tokens)) return summary;
      return { ...summary, cost_usd: priced.cost_usd, unpriced_tokens: priced.unpriced_tokens };
    });
  }

  /**
   * Prices every stored session and writes the cost column: at start-up (the
   * column of a database from an older build is empty, and the catalogue may have
   * changed since) and after a price change, so sorting by cost is right for sessions nobody reads.
   */
  repriceAll(): Promise<void> {
    this.repricing ??= this.priceEverything()
      .catch((err: unknown) => this.log.error({ err }, 'repricing the stored sessions failed; costs are priced as they are read'))
      .finally(() => {
        this.repricing = null;
      });
    return this.repricing;
  }

  /** Settles once no repricing is running (shutdown waits for it before closing the store). */
  async idle(): Promise<void> {
    await this.repricing;
  }

  private currentPrices(): Prices {
    const prices = this.prices.current();
    const changed = this.pricedWith !== null && prices !== this.pricedWith;
    this.pricedWith = prices;
    if (changed) {
      // New prices: every cost in the book is stale, and so is the column.
      this.book.clear();
      void this.repriceAll();
    }
    return prices;
  }

  private async price(prices: Prices, stale: ReadonlyMap<string, string>): Promise<void> {
    const ids = [...stale.keys()];
    for (let i = 0; i < ids.length; i += PRICE_CHUNK) {
      const chunk = ids.slice(i, i + PRICE_CHUNK);
      const costs = await wholeSessionCosts(this.store, prices, chunk);
      const columns = new Map<string, SessionCostColumns>();
      for (const id of chunk) {
        const cost = costs.get(id);
        const priced = cost ? { cost_usd: cost.cost_usd, unpriced_tokens: cost.unpriced_tokens } : noUsage;
        columns.set(id, priced);
        this.remember(id, { ...priced, usageKey: stale.get(id)! });
      }
      await this.store.writeSessionCosts(columns);
    }
  }

  private async priceEverything(): Promise<void> {
    const started = Date.now();
    let sessions = 0;
    for (;;) {
      const prices = this.currentPrices();
      sessions = await this.priceAllWith(prices);
      // Prices changed again while this ran: once more with the new ones.
      if (this.prices.current() === prices) break;
    }
    this.log.info({ sessions, ms: Date.now() - started }, 'session costs priced');
  }

  /**
   * Which sessions have usage at all, then their costs a chunk at a time,
   * yielding between chunks: 100k sessions are never one long synchronous query.
   */
  private async priceAllWith(prices: Prices): Promise<number> {
    // Demo sessions too: their own summaries carry their cost (only the totals leave them out).
    const ids = (await this.store.usage({ group_by: ['session'], include_demo: true })).map((row) => row.session_id!);
    for (let i = 0; i < ids.length; i += PRICE_CHUNK) {
      const costs = await wholeSessionCosts(this.store, prices, ids.slice(i, i + PRICE_CHUNK));
      const columns = new Map<string, SessionCostColumns>();
      for (const [id, cost] of costs) {
        // Priced since this run began (new usage, read by `fill`): that figure is the newer one.
        if (!this.book.has(id)) columns.set(id, { cost_usd: cost.cost_usd, unpriced_tokens: cost.unpriced_tokens });
      }
      await this.store.writeSessionCosts(columns);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return ids.length;
  }

  private remember(id: string, priced: Priced): void {
    this.book.delete(id);
    this.book.set(id, priced);
    if (this.book.size > this.capacity) this.book.delete(this.book.keys().next().value as string);
  }
}
