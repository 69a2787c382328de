/**
 * A latency histogram with logarithmic buckets: constant memory however long the simulator runs (the demo fleet
 * runs for the life of the server), percentiles within 2 % of the exact value. Exact count, sum, min and max.
 */

const MIN_MS = 0.01;
const GROWTH = 1.02;
const MAX_MS = 600_000;
const BUCKETS = Math.ceil(Math.log(MAX_MS / MIN_MS) / Math.log(GROWTH)) + 1;
const LOG_GROWTH = Math.log(GROWTH);

function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / LOG_GROWTH));
}

function upperBoundOf(bucket: number): number {
  return MIN_MS * GROWTH ** bucket;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  record(ms: number): void {
    const value = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const bucket = bucketOf(value);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** The value below which `p` percent of the samples fall (NaN when empty), never above the largest sample. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      // The last bucket is open-ended: its samples are only known to be large, so answer the largest.
      if (seen >= rank) return i === BUCKETS - 1 ? this.max : Math.min(this.max, Math.max(this.min, upperBoundOf(i)));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      mean: this.count ? this.sum / this.count : Number.NaN,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.count ? this.max : Number.NaN,
    };
  }

  clone(): LatencyHistogram {
    const copy = new LatencyHistogram();
    copy.counts.set(this.counts);
    copy.count = this.count;
    copy.sum = this.sum;
    copy.min = this.min;
    copy.max = this.max;
    return copy;
  }

  /**
   * The samples recorded since `earlier` (a clone of this histogram taken before): what a status line reports
   * for the last few seconds. Min and max are those of the whole run (a histogram cannot subtract extremes).
   */
  since(earlier: LatencyHistogram): LatencyHistogram {
    const window = this.clone();
    for (let i = 0; i < BUCKETS; i++) window.counts[i] = Math.max(0, (window.counts[i] ?? 0) - (earlier.counts[i] ?? 0));
    window.count = Math.max(0, this.count - earlier.count);
    window.sum = Math.max(0, this.sum - earlier.sum);
    return window;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
  }
}
