import type { Logger } from 'pino';
import { exponentialDelayMs } from '#protocol/reconnect-backoff';
import type { AlertStore, DeliveryJob } from './alert-store';
import { webhookSignature } from './webhook-payload';

// Sends the deliveries the store holds, retrying with exponential back-off. It
// runs beside ingest, never inside it: a slow or failing receiver delays only
// its own alerts. A delivery is marked done only after a 2xx, so a crash between
// the POST and the mark sends it again once (receivers dedupe on `id`); one
// marked done is never sent again.

export interface WebhookSenderOptions {
  secret: string | null;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

const maxBackoffMs = 5 * 60_000;
/** A claim outlives the request's timeout by this much, so it never lapses while the POST is still running. */
const leaseMarginMs = 30_000;

/**
 * The wait before attempt `attempts + 1`: base, 2 base, 4 base, ... up to 5 minutes.
 * No jitter: the next attempt's time is stored, and one sender works the queue.
 */
export function backoffMs(retryBaseMs: number, attempts: number): number {
  return exponentialDelayMs(attempts, { baseMs: retryBaseMs, maxMs: maxBackoffMs });
}

export class WebhookSender {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<number, Promise<void>>();
  private reading = false;
  private again = false;
  private stopped = false;
  /** Aborts the POSTs in flight at shutdown: they stay pending and go out after the next start. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly store: AlertStore,
    private readonly options: WebhookSenderOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Starts every due delivery not already in flight, without waiting for any:
   * called when an alert fires, and by timers for retries. A receiver that hangs
   * holds only its own deliveries (until the timeout), never another's.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    this.store
      .claimDueDeliveries(Date.now(), this.options.timeoutMs + leaseMarginMs, 100)
      .then((due) => {
        for (const job of due) {
          if (this.inFlight.has(job.id)) continue;
          const sending = this.attempt(job)
            .catch((err: unknown) => this.log.error({ err }, 'alert webhook delivery failed unexpectedly'))
            .finally(() => this.inFlight.delete(job.id));
          this.inFlight.set(job.id, sending);
        }
      })
      .catch((err: unknown) => this.log.error({ err }, 'reading due alert deliveries failed'))
      .finally(() => {
        this.reading = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Checks for due retries every `intervalMs` (a restart resumes what was pending). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.shutdown.abort();
    await Promise.all(this.inFlight.values());
  }

  private async attempt(job: DeliveryJob): Promise<void> {
    const attempts = job.attempts + 1;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'tether-watch-alerts', 'X-Tether-Alert-Id': String(job.alert_id) };
    if (this.options.secret !== null) headers['X-Tether-Signature'] = webhookSignature(this.options.secret, job.body);
    let error: string | null = null;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.shutdown.signal]);
      const response = await fetch(job.url, { method: 'POST', headers, body: job.body, signal });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      error = cause?.code ?? cause?.message ?? (err as Error).message;
    }
    // Cut short by shutdown, not refused by the receiver: not an attempt, and due again at the next start.
    if (this.shutdown.signal.aborted && error !== null) {
      await this.store.releaseDelivery(job.id, Date.now());
      return;
    }
    const now = Date.now();
    if (error === null) {
      await this.store.deliveryDone(job.id, attempts, now);
      return;
    }
    const giveUp = attempts >= this.options.maxAttempts;
    const next = giveUp ? null : now + backoffMs(this.options.retryBaseMs, attempts);
    await this.store.deliveryFailed(job.id, attempts, next, error, now);
    this.log.warn({ url: redactUrl(job.url), alert: job.alert_id, attempts, error, giving_up: giveUp }, 'alert webhook delivery failed');
    if (next !== null) setTimeout(() => this.kick(), next - now).unref();
  }
}

/** Webhook URLs often carry their secret in the path (Slack): log the host only. */
export function redactUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}
