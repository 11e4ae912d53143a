// The in-process demo as the server sees it: `serve` attaches the demo it starts
// (server/cli.ts), and removing the demo's data stops it first, or it would refill
// what was just removed. A server without an in-process demo never attaches one.

export interface StoppableDemo {
  stop(): Promise<void>;
}

export class DemoControl {
  private demo: StoppableDemo | null = null;

  attach(demo: StoppableDemo): void {
    this.demo = demo;
  }

  get running(): boolean {
    return this.demo !== null;
  }

  /** Stops the attached demo (its last events acknowledged or given up); false when none runs. */
  async stop(): Promise<boolean> {
    const demo = this.demo;
    if (demo === null) return false;
    this.demo = null;
    await demo.stop();
    return true;
  }
}
