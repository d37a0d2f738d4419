// What an experiment is made of (API.md 6), as zod schemas: the JSON a client
// sends, and the JSON columns read back from the database through the same
// schemas. No database here: lib/experiments/index.ts stores these.
import { z } from "zod";

export const STATUSES = ["draft", "running", "stopped"] as const;
export type ExperimentStatus = (typeof STATUSES)[number];

/** The exposure event API.md 6 names, and the properties it carries. */
export const DEFAULT_EXPOSURE = { event: "$experiment_exposure", experimentProperty: "experiment", variantProperty: "variant" } as const;

const MAX_VARIANTS = 10;
const MAX_METRICS = 20;
/** A conversion window is at most a year. */
const MAX_WINDOW_SECONDS = 366 * 86_400;

/** Keys go into URLs, SDK calls and event properties: a short, plain slug. */
const keySchema = z
  .string({ message: "must be a key" })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: "must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit" });

const eventNameSchema = z
  .string({ message: "must be an event name" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(200, { message: "must be at most 200 characters" });

const propertyNameSchema = z
  .string({ message: "must be a property name" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(200, { message: "must be at most 200 characters" });

const isoDateSchema = z
  .string({ message: "must be an ISO 8601 date" })
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date" })
  .transform((v) => new Date(Date.parse(v)));

export const variantSchema = z
  .object({
    key: keySchema,
    weight: z.number({ message: "must be a number" }).finite().positive({ message: "must be above 0" }).max(1_000_000),
  })
  .strict();
export type Variant = z.output<typeof variantSchema>;

export const variantsSchema = z
  .array(variantSchema, { message: "must be a list of variants" })
  .min(2, { message: "must list at least two variants (the first is the control)" })
  .max(MAX_VARIANTS, { message: `must list at most ${MAX_VARIANTS} variants` })
  .refine((list) => new Set(list.map((v) => v.key)).size === list.length, { message: "must not repeat a variant key" });

export const exposureSchema = z
  .object({
    event: eventNameSchema,
    experimentProperty: propertyNameSchema.default(DEFAULT_EXPOSURE.experimentProperty),
    variantProperty: propertyNameSchema.default(DEFAULT_EXPOSURE.variantProperty),
  })
  .strict();
export type Exposure = z.output<typeof exposureSchema>;

export const metricSchema = z.discriminatedUnion(
  "kind",
  [
    z
      .object({
        kind: z.literal("conversion"),
        event: eventNameSchema,
        /** Converted when the event happens within this many seconds of exposure; no window: any time before the end. */
        windowSeconds: z.number({ message: "must be a number of seconds" }).int().positive().max(MAX_WINDOW_SECONDS).optional(),
      })
      .strict(),
    z.object({ kind: z.literal("mean"), event: eventNameSchema, property: propertyNameSchema }).strict(),
    z.object({ kind: z.literal("count"), event: eventNameSchema }).strict(),
  ],
  { message: 'must be "conversion", "mean" or "count"' },
);
export type Metric = z.output<typeof metricSchema>;

export const metricsSchema = z
  .array(metricSchema, { message: "must be a list of metrics" })
  .min(1, { message: "must list at least one metric (the first is the primary one)" })
  .max(MAX_METRICS, { message: `must list at most ${MAX_METRICS} metrics` });

const nameSchema = z
  .string({ message: "must be a name" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(100, { message: "must be at most 100 characters" });

const hypothesisSchema = z.string({ message: "must be text" }).trim().max(2000, { message: "must be at most 2000 characters" });

const statusSchema = z.enum(STATUSES, { message: 'must be "draft", "running" or "stopped"' });

export const createExperimentSchema = z
  .object({
    key: keySchema,
    name: nameSchema,
    hypothesis: hypothesisSchema.default(""),
    variants: variantsSchema,
    exposure: exposureSchema.default({ ...DEFAULT_EXPOSURE }),
    metrics: metricsSchema,
    /** Default: the moment it is created. */
    start: isoDateSchema.optional(),
    end: isoDateSchema.nullable().default(null),
    status: statusSchema.default("draft"),
  })
  .strict()
  .refine((e) => !e.end || !e.start || e.end > e.start, { message: "must be after start", path: ["end"] });
export type CreateExperimentInput = z.output<typeof createExperimentSchema>;

/** Every field may change, the key too (a new key starts a new assignment). */
export const updateExperimentSchema = z
  .object({
    key: keySchema.optional(),
    name: nameSchema.optional(),
    hypothesis: hypothesisSchema.optional(),
    variants: variantsSchema.optional(),
    exposure: exposureSchema.optional(),
    metrics: metricsSchema.optional(),
    start: isoDateSchema.optional(),
    end: isoDateSchema.nullable().optional(),
    status: statusSchema.optional(),
  })
  .strict();
export type UpdateExperimentInput = z.output<typeof updateExperimentSchema>;

/** `GET .../experiments/sample-size?baseline=&mde=`: a rate in (0, 1) and a relative effect. */
export const sampleSizeQuerySchema = z
  .object({
    baseline: z.coerce.number({ message: "must be a number" }).gt(0, { message: "must be above 0" }).lt(1, { message: "must be below 1" }),
    mde: z.coerce.number({ message: "must be a number" }).gt(0, { message: "must be above 0" }).max(10, { message: "must be at most 10 (1000%)" }),
  })
  .strict()
  .refine((q) => q.baseline * (1 + q.mde) < 1, { message: "baseline × (1 + mde) must stay below 1", path: ["mde"] });
