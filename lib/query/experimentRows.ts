// What an experiment's analysis reads (experiments.ts on the SQL databases,
// clickhouse/experiments.ts on ClickHouse): the question and the rows.

/** Where exposures are read from: one event and the two properties naming the experiment and the variant. */
export interface ExposureSource {
  event: string;
  experimentProperty: string;
  variantProperty: string;
  /**
   * The variants a JSON true and false stand for (a PostHog flag without
   * variants answers a boolean); without it, only a string names a variant.
   */
  booleanVariants?: { true: string; false: string };
}

export interface ExposureQuery {
  /** The experiment's key, as the exposure events name it. */
  key: string;
  /** The variant keys: exposures naming any other are not this experiment's. */
  variants: string[];
  sources: ExposureSource[];
  /** Epoch ms: exposures at from <= ts < to count. */
  from: number;
  to: number;
}

export interface ExposedPerson {
  personId: number;
  /** The variant, or null when the person was exposed to two or more. */
  variant: string | null;
  /** Epoch ms of the person's first exposure. */
  exposedAt: number;
}

/** What one exposed person did after exposure: count and sum over the metric's events, and the earliest one's time. */
export interface PersonActivity {
  personId: number;
  count: number;
  /** The sum of the numeric property (0 with no numeric values), when one was asked for. */
  sum: number;
  firstAt: number;
}

/** Windows tiling [from, to): an index and epoch ms bounds, start <= ts < end. */
export interface ActivityWindow {
  i: number;
  start: number;
  end: number;
}

/** What a variant's exposed persons did after exposure within one window, all of them together. */
export interface VariantActivity {
  variant: string;
  window: number;
  count: number;
  /** The sum of the numeric property (0 with no numeric values), when one was asked for. */
  sum: number;
}
