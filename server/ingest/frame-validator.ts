import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { deserializeFrameResult, validateFrame, type FrameResult } from './frame-validation';
import { maxEventDepth } from './event-depth';
import { workerReady, type ValidationReply, type ValidationRequest, type ValidationWorkerData } from './frame-validator-protocol';

/**
 * Frames of at least this many bytes are validated on the worker. A bulk frame
 * (hundreds of events) spends milliseconds in JSON.parse, zod and JSON.stringify;
 * a live frame of one event is cheaper to validate in place than to send across threads.
 */
export const defaultOffloadBytes = 16 * 1024;

/** After the worker fails, frames are validated in place for this long before it is started again. */
const restartDelayMs = 10_000;

interface Pending {
  frame: Buffer;
  resolve: (result: FrameResult) => void;
}

/**
 * Decodes and validates producer frames, large ones on a worker thread.
 *
 * The main thread is also the only SQLite writer, and it is what limits ingest:
 * per-event work taken off it is throughput. Parsing and validating a frame needs
 * nothing from the store, so the worker does it, in parallel with the commit of
 * the previous batch, and hands back each event's canonical JSON (parsing that
 * again here is the price: about 0.8 µs an event, against 2 µs saved). Measured on
 * two cores, bulk ingest went from 0.55 to 0.58 of the raw SQLite ceiling over
 * 300k events; more cores would widen the gap. The same checks run either way
 * (the worker runs this build's schemas); only the thread differs.
 *
 * Results come back in request order (one worker, FIFO). If the worker dies, the
 * frames it held are validated in place, so a producer never sees the difference.
 */
export class FrameValidator {
  private worker: Worker | null = null;
  /** The worker has loaded and takes frames. */
  private ready = false;
  private readonly pending = new Map<number, Pending>();
  private readyWaiters: (() => void)[] = [];
  private nextId = 1;
  private disabledUntil = 0;
  private closed = false;

  constructor(
    private readonly log: Logger,
    private readonly offloadBytes = defaultOffloadBytes,
  ) {
    // Started now, so that it has loaded before the first bulk frame arrives.
    this.workerForNow();
  }

  /**
   * The items and refusals of a text frame (UTF-8, as the WebSocket delivered it):
   * at once for a small frame, later for a large one.
   */
  validate(frame: Buffer): FrameResult | Promise<FrameResult> {
    const worker = frame.length >= this.offloadBytes ? this.workerForNow() : null;
    if (worker === null || !this.ready) return validateFrame(frame.toString());
    const id = this.nextId++;
    // The worker decodes the bytes itself; they travel in a copy it takes over (moved,
    // not copied again), while `frame` stays here in case the worker dies.
    const bytes = new Uint8Array(frame.length);
    bytes.set(frame);
    return new Promise<FrameResult>((resolve) => {
      this.pending.set(id, { frame, resolve });
      worker.postMessage({ id, bytes } satisfies ValidationRequest, [bytes.buffer]);
    });
  }

  /**
   * Resolves once the worker takes frames, or after `timeoutMs`, or when it failed:
   * frames are validated either way, this only says where.
   */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.ready || this.worker === null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.readyWaiters.push(done);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Stops the worker; frames it still held are validated in place. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker === null) return;
    // Referenced again, so that the process waits for it to stop.
    worker.ref();
    await worker.terminate();
  }

  private workerForNow(): Worker | null {
    if (this.worker !== null) return this.worker;
    if (this.closed || Date.now() < this.disabledUntil) return null;
    const worker = new Worker(new URL('./frame-validation-worker.mjs', import.meta.url), { workerData: { maxEventDepth: maxEventDepth() } satisfies ValidationWorkerData });
    // Never the reason the process stays up: close() or the process' end stops it.
    worker.unref();
    worker.on('message', (reply: ValidationReply | typeof workerReady) => {
      if (reply !== workerReady) this.settle(reply);
      else if (this.worker === worker) {
        this.ready = true;
        this.wakeReadyWaiters();
      }
    });
    worker.on('error', (err) => {
      this.log.warn({ err }, 'frame validation worker failed; validating frames on the main thread for now');
      this.disabledUntil = Date.now() + restartDelayMs;
    });
    worker.on('exit', () => this.onExit(worker));
    this.worker = worker;
    return worker;
  }

  private wakeReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
  }

  private settle(reply: ValidationReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    pending.resolve(deserializeFrameResult(reply.result));
  }

  private onExit(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.ready = false;
    this.wakeReadyWaiters();
    // In id order, which is arrival order.
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.resolve(validateFrame(pending.frame.toString()));
    }
  }
}
