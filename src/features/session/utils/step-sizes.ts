// The transcript's step heights: measured once a step has been drawn, estimated
// before. The steps in view are drawn in normal flow (the browser places them);
// these heights only size the space of the steps not drawn, above and below,
// and find which steps a scroll position shows. Sums are a Fenwick tree, so a
// new step, a measurement or a lookup costs O(log n), not a pass over the
// session's history.

export interface KeyedStep {
  key: string;
}

export class StepSizes {
  private keys: string[] = [];
  private sizes: number[] = [];
  /** 1-based Fenwick tree over `sizes`; its length - 1 is the capacity. */
  private tree = new Float64Array(1);
  private indexOfKey = new Map<string, number>();
  /** Heights measured, by step key: they outlive a rebuild (a reload, earlier steps read in). */
  private measured = new Map<string, number>();

  constructor(private readonly estimate: number) {}

  get count(): number {
    return this.keys.length;
  }

  /**
   * Lines the sizes up with `steps`. When they only grew at the end (the usual
   * case: new steps arrive) only the new ones are added; otherwise the sizes
   * are rebuilt, keeping what was measured of steps still present.
   */
  sync(steps: readonly KeyedStep[]): void {
    const held = this.keys.length;
    const grew = held > 0 && steps.length >= held && steps[0]!.key === this.keys[0] && steps[held - 1]!.key === this.keys[held - 1];
    if (grew) {
      for (let i = held; i < steps.length; i++) this.append(steps[i]!.key);
      return;
    }
    if (held === 0 && steps.length === 0) return;
    const present = new Set<string>();
    this.keys = [];
    this.sizes = [];
    this.indexOfKey.clear();
    for (const step of steps) {
      present.add(step.key);
      this.indexOfKey.set(step.key, this.keys.length);
      this.keys.push(step.key);
      this.sizes.push(this.measured.get(step.key) ?? this.estimate);
    }
    for (const key of this.measured.keys()) if (!present.has(key)) this.measured.delete(key);
    this.rebuild(Math.max(16, steps.length * 2));
  }

  /** Records a drawn step's height; false when it is not a current step or did not change. */
  measure(key: string, size: number): boolean {
    const index = this.indexOfKey.get(key);
    if (index === undefined || !(size >= 0)) return false;
    this.measured.set(key, size);
    const delta = size - this.sizes[index]!;
    if (delta === 0) return false;
    this.sizes[index] = size;
    // Nodes past the last step are filled in as steps are appended.
    for (let i = index + 1; i <= this.keys.length; i += i & -i) this.tree[i]! += delta;
    return true;
  }

  sizeOf(index: number): number {
    return this.sizes[index] ?? this.estimate;
  }

  /** Top of step `index` (the sum of the steps before it); `count` gives the total. */
  offsetOf(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.keys.length); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  total(): number {
    return this.offsetOf(this.keys.length);
  }

  /** The step that covers `offset`, clamped to the steps (0 when there are none). */
  indexAt(offset: number): number {
    const n = this.keys.length;
    if (n === 0 || offset <= 0) return 0;
    // Descend the tree: the largest prefix whose sum is <= offset.
    let index = 0;
    let rest = offset;
    for (let step = highestBit(n); step > 0; step >>= 1) {
      const next = index + step;
      if (next <= n && this.tree[next]! <= rest) {
        index = next;
        rest -= this.tree[next]!;
      }
    }
    return Math.min(index, n - 1);
  }

  private append(key: string): void {
    const index = this.keys.length;
    if (index + 1 >= this.tree.length) {
      this.keys.push(key);
      this.sizes.push(this.measured.get(key) ?? this.estimate);
      this.indexOfKey.set(key, index);
      this.rebuild((index + 1) * 2);
      return;
    }
    const size = this.measured.get(key) ?? this.estimate;
    this.keys.push(key);
    this.sizes.push(size);
    this.indexOfKey.set(key, index);
    // Node index+1 covers the steps (index+1 - lowbit, index]: its own size plus the sum of those before it.
    const node = index + 1;
    const from = node - (node & -node);
    this.tree[node] = size + this.offsetOf(index) - this.offsetOf(from);
  }

  private rebuild(capacity: number): void {
    this.tree = new Float64Array(capacity + 1);
    for (let i = 0; i < this.sizes.length; i++) {
      const node = i + 1;
      this.tree[node]! += this.sizes[i]!;
      const parent = node + (node & -node);
      if (parent <= this.sizes.length) this.tree[parent]! += this.tree[node]!;
    }
  }
}

function highestBit(n: number): number {
  let bit = 1;
  while (bit * 2 <= n) bit *= 2;
  return n > 0 ? bit : 0;
}
