/**
 * Natural blinking: a blink every 2-6 s (people blink ~15-20 times a minute),
 * 15 % of them doubled. One blink: close 60 ms, hold 40 ms, open 110 ms.
 *
 *   waiting --timer--> blinking --(double?)--> gap 80 ms --> blinking
 *      ^                   |                                    |
 *      +-------------------+------------------------------------+
 */
export const BLINK_CLOSE = 0.06;
export const BLINK_HOLD = 0.04;
export const BLINK_OPEN = 0.11;
export const BLINK_TOTAL = BLINK_CLOSE + BLINK_HOLD + BLINK_OPEN;
export const DOUBLE_BLINK_CHANCE = 0.15;
const DOUBLE_GAP = 0.08;

/** Lid closure 0..1 at time t into a blink. */
export function blinkShape(t: number): number {
  if (t <= 0 || t >= BLINK_TOTAL) return 0;
  if (t < BLINK_CLOSE) return t / BLINK_CLOSE;
  if (t < BLINK_CLOSE + BLINK_HOLD) return 1;
  const o = (t - BLINK_CLOSE - BLINK_HOLD) / BLINK_OPEN;
  return 1 - o * o * (3 - 2 * o);
}

export class BlinkScheduler {
  private wait: number;
  private t = -1; // time into the current blink, -1 when not blinking
  private doublePending = false;
  /** Number of blinks started (for tests and stats). */
  blinks = 0;

  constructor(private readonly random: () => number = Math.random) {
    this.wait = this.nextInterval();
  }

  nextInterval(): number {
    return 2 + 4 * this.random();
  }

  /** Advances by dt seconds and returns the lid closure 0..1. */
  update(dt: number): number {
    if (this.t < 0) {
      this.wait -= dt;
      if (this.wait > 0) return 0;
      this.t = -this.wait; // carry the overshoot
      this.blinks++;
      this.doublePending = this.doublePending ? false : this.random() < DOUBLE_BLINK_CHANCE;
      return blinkShape(this.t);
    }
    this.t += dt;
    if (this.t >= BLINK_TOTAL) {
      const over = this.t - BLINK_TOTAL;
      this.t = -1;
      this.wait = (this.doublePending ? DOUBLE_GAP : this.nextInterval()) - over;
      return 0;
    }
    return blinkShape(this.t);
  }
}
