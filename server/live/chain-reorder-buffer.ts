/** What the reorder buffer needs to know about a committed batch, wherever it was committed. */
export interface ChainLink {
  /** The store's head cursor just before the batch committed. */
  headBefore: number;
  /** The highest cursor the batch stored; equal to `headBefore` when it stored nothing. */
  headAfter: number;
  /** False when the message arrived without its events (too large to send): the store holds them. */
  complete: boolean;
}

/** A batch to fan out now: its stored events with a cursor above `after`, and all its others. */
export interface ChainDelivery<B> {
  batch: B;
  after: number;
}

/**
 * Puts committed batches from several replicas back into cursor order.
 *
 * Commits are serialised in the store, so the batches that stored something form
 * a chain: each one's `headBefore` is the previous one's `headAfter`. A batch
 * that continues the delivered head goes out at once; one that arrives early
 * waits for the gap before it to fill. When a gap outlives `gapMs` (the message
 * was lost, or its replica died between commit and publish), or the store is
 * seen ahead of what was delivered for that long, or loss is suspected outright
 * (reconnect, a message without its events), the owner reads the store after
 * `beginFill()`'s cursor, fans those events out itself and calls `endFill()`
 * with the last cursor it fanned out (then `suspectLoss()` if the read failed).
 * Batches that stored nothing carry only ephemeral events, which are not
 * ordered by cursor and may be dropped: they go out at once.
 *
 * Pure apart from its own state: time is passed in, so tests can drive it.
 */
export class ChainReorderBuffer<B extends ChainLink> {
  private head: number;
  /** Early batches by `headBefore`, with when they arrived. */
  private readonly waiting = new Map<number, { batch: B; sinceMs: number }>();
  private fillWanted = false;
  private filling = false;
  /** The store's head as last probed, and when: everything up to it should have arrived within `gapMs`. */
  private probe: { head: number; atMs: number } | null = null;

  constructor(
    startHead: number,
    private readonly gapMs = 250,
  ) {
    this.head = startHead;
  }

  /** The highest cursor fanned out so far. */
  get deliveredHead(): number {
    return this.head;
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  get isFilling(): boolean {
    return this.filling;
  }

  offer(batch: B, nowMs: number): ChainDelivery<B>[] {
    if (batch.headAfter <= batch.headBefore) return batch.complete ? [{ batch, after: this.head }] : [];
    if (batch.headAfter <= this.head) return []; // already delivered, by an earlier fill
    if (!batch.complete) {
      this.fillWanted = true;
      return [];
    }
    if (this.filling || batch.headBefore > this.head) {
      if (!this.waiting.has(batch.headBefore)) this.waiting.set(batch.headBefore, { batch, sinceMs: nowMs });
      return [];
    }
    const out: ChainDelivery<B>[] = [{ batch, after: this.head }];
    this.head = batch.headAfter;
    this.drainChain(out);
    return out;
  }

  /** Something may have been lost (the bus reconnected, a publisher fell behind): read the store next. */
  suspectLoss(): void {
    this.fillWanted = true;
  }

  /** Records the store's head as read now. */
  noteStoreHead(storeHead: number, nowMs: number): void {
    if (storeHead <= this.head) this.probe = null;
    // An older probe still unmet keeps its deadline: a busy stream must not keep sliding it.
    else if (this.probe === null || this.probe.head <= this.head) this.probe = { head: storeHead, atMs: nowMs };
  }

  needsFill(nowMs: number): boolean {
    if (this.filling) return false;
    if (this.fillWanted) return true;
    if (this.probe !== null && this.probe.head > this.head && nowMs - this.probe.atMs >= this.gapMs) return true;
    for (const { sinceMs } of this.waiting.values()) if (nowMs - sinceMs >= this.gapMs) return true;
    return false;
  }

  /** Starts a fill: returns the cursor to read the store after. Nothing stored is delivered until `endFill`. */
  beginFill(): number {
    this.filling = true;
    this.fillWanted = false;
    return this.head;
  }

  /** The fill fanned out every stored event up to `filledHead`; returns what can follow it. */
  endFill(filledHead: number): ChainDelivery<B>[] {
    this.filling = false;
    this.head = Math.max(this.head, filledHead);
    if (this.probe !== null && this.probe.head <= this.head) this.probe = null;
    const out: ChainDelivery<B>[] = [];
    this.drainChain(out);
    return out;
  }

  private drainChain(out: ChainDelivery<B>[]): void {
    for (;;) {
      let next = this.waiting.get(this.head);
      if (!next) {
        // After a fill the head may land inside a waiting batch, or past some.
        for (const [key, entry] of this.waiting) {
          if (entry.batch.headAfter <= this.head) this.waiting.delete(key);
          else if (key < this.head) next = entry;
        }
        if (!next) return;
      }
      this.waiting.delete(next.batch.headBefore);
      out.push({ batch: next.batch, after: this.head });
      this.head = next.batch.headAfter;
    }
  }
}
