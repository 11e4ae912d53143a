/**
 * The bytes of NDJSON bodies being received at once, bounded across every
 * connection. Each body is limited to maxBodyBytes, but a client could open
 * any number of requests and send half of each: without this, ten half-sent
 * 60 MiB bodies held ~600 MB until they ended (they never did). A request
 * reserves its announced length (or the largest body, when chunked) before a
 * byte is read, and gives it back when its response ends or the socket closes.
 */
export class BodyBudget {
  private inFlight = 0;

  constructor(readonly limitBytes: number) {}

  /** Reserves `bytes`, or answers false when that would go over the limit. */
  reserve(bytes: number): boolean {
    if (this.inFlight + bytes > this.limitBytes) return false;
    this.inFlight += bytes;
    return true;
  }

  release(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
  }

  get reservedBytes(): number {
    return this.inFlight;
  }
}
