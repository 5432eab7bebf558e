/** Tracks every timer and in-flight outbound request so close()/reset can stop them all. */
export class Scheduler {
  private timers = new Set<NodeJS.Timeout>();
  private abort = new AbortController();

  constructor(public timeScale: number) {}

  /** Run fn after `seconds` of WeChat time, scaled by the time scale. */
  afterScaled(seconds: number, fn: () => void): NodeJS.Timeout {
    return this.after(seconds * 1000 * this.timeScale, fn);
  }

  after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        fn();
      },
      Math.max(0, ms),
    );
    this.timers.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  stopAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    this.abort = new AbortController();
  }
}
