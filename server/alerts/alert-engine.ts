import type { Logger } from 'pino';
import type { SessionSummary } from '#protocol/api-schemas';
import type { Budget } from '#protocol/cost-schemas';
import { isDemoProducer } from '#protocol/demo-producer';
import type { AlertDeliveryHealth } from '#protocol/health-schemas';
import { sessionListQuerySchema } from '#protocol/api-queries';
import { operatorStatusKinds } from '#protocol/session-status';
import type { CommittedBatch } from '../ingest/ingest-pipeline';
import type { PriceSource } from '../pricing/price-source';
import { pricedUsage } from '../pricing/priced-usage';
import { sessionCosts } from '../pricing/session-costs';
import type { EventStore } from '../store/event-store';
import type { IngestItem } from '../ingest/ingest-item';
import { approvalSteps, budgetSteps, dailySpendSteps, eventSteps, silenceSteps, utcDayOf, type AlertStep } from './alert-conditions';
import { kindSettingsFor, type AlertSettings } from './alert-settings';
import type { AlertStore, OpenAlert } from './alert-store';
import { nextPendingApprovals, oldestPending, type PendingApproval } from './approval-watch';
import { webhookBody } from './webhook-payload';
import { redactUrl, WebhookSender } from './webhook-sender';

// Evaluates the alert conditions on the server: on every committed batch (after
// the commit, off the ingest path) and on a timer for the time-based ones. One
// queue runs every evaluation in turn, so "is it open?" never races.

export interface AlertEngineDeps {
  store: EventStore;
  alerts: AlertStore;
  prices: PriceSource;
  globalBudget: Budget;
  settings: AlertSettings;
  log: Logger;
}

/** Costs are re-checked at most this often: pricing a session is a few queries, batches come every few ms. */
const costCheckDelayMs = 1000;
const usageTypes: ReadonlySet<string> = new Set(['token_usage', 'usage_report']);
const openKey = (kind: string, key: string) => `${kind}\u0000${key}`;

/** A session's thresholds: its override, threshold by threshold, else the global one (as effectiveBudget in src/lib/cost/budget-state.ts). */
const effectiveBudget = (global: Budget, override: Budget | undefined): Budget => ({
  warn_usd: override?.warn_usd ?? global.warn_usd,
  limit_usd: override?.limit_usd ?? global.limit_usd,
});

export class AlertEngine {
  private readonly open = new Map<string, OpenAlert>();
  private readonly pending = new Map<string, PendingApproval[]>();
  private readonly costDirty = new Set<string>();
  private costTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  readonly sender: WebhookSender;

  private constructor(private readonly deps: AlertEngineDeps) {
    const { settings } = deps;
    this.sender = new WebhookSender(
      deps.alerts,
      { secret: settings.webhookSecret, retryBaseMs: settings.retryBaseMs, maxAttempts: settings.maxAttempts, timeoutMs: settings.timeoutMs },
      deps.log,
    );
  }

  /** Loads what is open and pending (a restart carries on where it stopped), then starts the timers. */
  static async start(deps: AlertEngineDeps): Promise<AlertEngine> {
    const engine = new AlertEngine(deps);
    for (const alert of await deps.alerts.openAlerts()) engine.open.set(openKey(alert.kind, alert.key), alert);
    for (const [sessionId, pending] of await deps.alerts.pendingApprovals()) engine.pending.set(sessionId, pending);
    engine.sweepTimer = setInterval(() => engine.enqueue(() => engine.sweep()), deps.settings.sweepIntervalMs);
    engine.sweepTimer.unref();
    engine.sender.start(Math.max(deps.settings.sweepIntervalMs, 1000));
    engine.enqueue(() => engine.sweep());
    return engine;
  }

  /** The ingest pipeline's hook: returns at once; evaluation follows on the queue. */
  onCommitted(batch: CommittedBatch): void {
    if (this.closed) return;
    this.enqueue(() => this.handleBatch(batch));
  }

  async health(): Promise<AlertDeliveryHealth> {
    const health = await this.deps.alerts.deliveryHealth();
    const last = health.last_failure;
    return { webhooks: this.deps.settings.webhooks.length, ...health, last_failure: last === null ? null : { ...last, url: redactUrl(last.url) } };
  }

  /** Waits for every queued evaluation (tests; shutdown). */
  async settled(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    if (this.costTimer !== null) clearTimeout(this.costTimer);
    await this.settled();
    await this.sender.stop();
    await this.deps.alerts.close();
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.deps.log.error({ err }, 'alert evaluation failed'));
  }

  private async handleBatch(batch: CommittedBatch): Promise<void> {
    const bySession = new Map<string, IngestItem[]>();
    batch.items.forEach((item, i) => {
      if (batch.outcomes[i]?.kind === 'duplicate') return;
      const list = bySession.get(item.event.session_id) ?? [];
      list.push(item);
      bySession.set(item.event.session_id, list);
    });
    const now = Date.now();
    const steps: AlertStep[] = [];
    for (const summary of batch.sessions) {
      if (this.ignores(summary)) continue;
      const items = bySession.get(summary.session_id) ?? [];
      const before = this.pending.get(summary.session_id) ?? [];
      const after = nextPendingApprovals(before, items);
      if (after.length !== before.length || after.some((p, i) => p !== before[i])) await this.setPending(summary.session_id, after);
      steps.push(...eventSteps(summary, items, now, this.deps.settings, (kind, key) => this.open.get(openKey(kind, key))?.detail));
      steps.push(...silenceSteps(summary, now, this.deps.settings, after.length > 0));
      steps.push(...approvalSteps(summary, oldestPending(after), now, this.deps.settings));
      if (items.some((item) => usageTypes.has(item.event.type))) this.costDirty.add(summary.session_id);
    }
    await this.apply(steps, now);
    if (this.costDirty.size > 0 && this.costTimer === null && !this.closed) {
      this.costTimer = setTimeout(() => {
        this.costTimer = null;
        this.enqueue(() => this.checkCosts());
      }, costCheckDelayMs);
      this.costTimer.unref();
    }
  }

  /** The built-in demo's sessions raise no alert unless the settings ask (`include_demo`). */
  private ignores(summary: SessionSummary): boolean {
    return !this.deps.settings.includeDemo && isDemoProducer(summary.producer);
  }

  private async setPending(sessionId: string, pending: PendingApproval[]): Promise<void> {
    if (pending.length === 0) this.pending.delete(sessionId);
    else this.pending.set(sessionId, pending);
    await this.deps.alerts.setPendingApprovals(sessionId, pending);
  }

  /** budget_warn, budget_limit for the sessions that spent since the last check, and daily_spend. */
  private async checkCosts(): Promise<void> {
    const ids = [...this.costDirty];
    this.costDirty.clear();
    const { store, prices, globalBudget, settings } = this.deps;
    const now = Date.now();
    const budgets = await store.budgets();
    const anyBudget = globalBudget.warn_usd !== null || globalBudget.limit_usd !== null || Object.keys(budgets).length > 0;
    // Without any budget there is nothing to compare a cost with: no pricing at all.
    const costs = anyBudget ? await sessionCosts(store, prices.current(), { session: ids }, now) : [];
    const steps: AlertStep[] = anyBudget ? [] : ids.flatMap((key) => (['budget_warn', 'budget_limit'] as const).map((kind) => ({ op: 'clear', kind, key }) as const));
    for (const cost of costs) {
      const summary = await store.getSession(cost.session_id);
      if (summary === null) continue;
      const override = Object.hasOwn(budgets, cost.session_id) ? budgets[cost.session_id] : undefined;
      steps.push(...budgetSteps(summary, cost.cost_usd, effectiveBudget(globalBudget, override), now, settings));
    }
    steps.push(...(await this.dailySteps(now)));
    await this.apply(steps, now);
  }

  private async dailySteps(now: number): Promise<AlertStep[]> {
    const openDays = [...this.open.values()].filter((a) => a.kind === 'daily_spend').map((a) => a.key);
    if (this.deps.settings.dailySpendUsd === null) return dailySpendSteps(0, now, this.deps.settings, openDays);
    const today = utcDayOf(now);
    const usage = await pricedUsage(this.deps.store, this.deps.prices.current(), { from: today.startMs, include_demo: this.deps.settings.includeDemo });
    const spend = usage.rows.reduce((sum, row) => sum + (row.cost_usd ?? 0), 0);
    return dailySpendSteps(spend, now, this.deps.settings, openDays);
  }

  /** The time-based conditions: approvals waiting past their delay, silent sessions, the day's rollover. */
  private async sweep(): Promise<void> {
    const { store, settings, alerts } = this.deps;
    if (alerts.shared) {
      // Other replicas open and clear alerts and watch approvals too: start each sweep from what is stored.
      this.open.clear();
      for (const alert of await alerts.openAlerts()) this.open.set(openKey(alert.kind, alert.key), alert);
      this.pending.clear();
      for (const [sessionId, pending] of await alerts.pendingApprovals()) this.pending.set(sessionId, pending);
    }
    const now = Date.now();
    const steps: AlertStep[] = [];
    for (const [sessionId, pending] of this.pending) {
      const summary = await store.getSession(sessionId);
      if (summary !== null && !this.ignores(summary)) steps.push(...approvalSteps(summary, oldestPending(pending), now, settings));
    }
    // Sessions not ended (however silent: every kind but done and error) and silent longer than the
    // shortest silence threshold. The store leaves the others out: a busy fleet (every session seen
    // within the minute) used to be read 500 summaries at a time, every sweep, only to be skipped.
    const silentBefore = now - this.silenceThresholdMs();
    const notEnded = operatorStatusKinds.filter((kind) => kind !== 'done' && kind !== 'error').join(',');
    for (let cursor: string | null | undefined; cursor !== null; ) {
      const query = { status: notEnded, to: String(silentBefore), sort: 'last_seen', order: 'asc', limit: '500', ...(cursor ? { cursor } : {}) };
      const page = await store.listSessions(sessionListQuerySchema.parse(query));
      cursor = page.next_cursor;
      for (const summary of page.sessions) {
        if (!this.ignores(summary)) steps.push(...silenceSteps(summary, now, settings, this.pending.has(summary.session_id)));
      }
    }
    steps.push(...(await this.dailySteps(now)));
    await this.apply(steps, now);
  }

  /** The shortest silence any agent's stalled or abandoned alert waits for. */
  private silenceThresholdMs(): number {
    const { settings } = this.deps;
    const agents: (string | null)[] = [null, ...settings.agents.keys()];
    return Math.min(...agents.flatMap((agent) => [kindSettingsFor(settings, 'stalled', agent).afterMs, kindSettingsFor(settings, 'abandoned', agent).afterMs]));
  }

  private async apply(steps: readonly AlertStep[], now: number): Promise<void> {
    const { alerts, settings } = this.deps;
    let fired = false;
    for (const step of steps) {
      if (step.op === 'fire') {
        const k = openKey(step.draft.kind, step.draft.key);
        if (this.open.has(k)) continue;
        const record = await alerts.fire(step.draft, settings.webhooks, (r) => webhookBody(r, settings.publicUrl));
        // Null: another writer opened it first; either way it is open now.
        this.open.set(k, { id: record?.id ?? -1, kind: step.draft.kind, key: step.draft.key, detail: step.draft.detail });
        if (record !== null) {
          fired = true;
          this.deps.log.info({ alert: record.id, kind: record.kind, session_id: record.session_id }, record.message);
        }
      } else {
        const k = openKey(step.kind, step.key);
        if (!this.open.has(k)) continue;
        await alerts.clear(step.kind, step.key, now);
        this.open.delete(k);
      }
    }
    if (fired && settings.webhooks.length > 0) this.sender.kick();
  }
}
