// A one-line progress bar for long CLI jobs (import, seed:demo), redrawn in
// place on stderr. Drawn only when stderr is a terminal: piped or logged runs
// get the final summary line and nothing else.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressOptions {
  /** What is being done, e.g. "importing". */
  label: string;
  /** What is counted, e.g. "messages". */
  unit?: string;
  stream?: ProgressStream;
  /** Default: whether the stream is a terminal. */
  enabled?: boolean;
  /** Least time between two redraws. */
  intervalMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 24;

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m}m${String(s).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** The bar's text for a fraction done (0..1), a count and the seconds since the start. */
export function renderProgress(label: string, unit: string, fraction: number, count: number, seconds: number, width = 100): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * BAR_WIDTH);
  const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
  const rate = seconds > 0 ? count / seconds : 0;
  const eta = f > 0 && f < 1 ? ` eta ${formatDuration((seconds / f) * (1 - f))}` : "";
  const line = `${label} ${bar} ${(f * 100).toFixed(0).padStart(3)}%  ${formatCount(count)} ${unit}  ${formatCount(rate)}/s${eta}`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line;
}

export class Progress {
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? Boolean(this.stream.isTTY);
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** Seconds since the bar was created. */
  elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  /** Redraws (at most every intervalMs) with `fraction` done (0..1) and `count` items so far. */
  update(fraction: number, count: number, force = false): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    const text = renderProgress(this.options.label, this.options.unit ?? "messages", fraction, count, (t - this.started) / 1000, this.stream.columns || 100);
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the bar so the summary line starts on a clean line. */
  stop(): void {
    if (this.enabled && this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
