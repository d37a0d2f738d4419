// The tracking plan's JSON (API.md 7), checked with zod at every door it comes
// in by (the API, the CLI's files, the editor): a mode and, per event, its
// properties as JSON Schema rules plus `"required": true`.
import { z } from "zod";

export const VIOLATION_TYPES = ["unplanned_event", "unplanned_property", "missing_required", "wrong_type", "not_allowed_value"] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];

/** Most events one plan lists, and properties one event lists: a plan is a document people read. */
export const MAX_PLAN_EVENTS = 1000;
export const MAX_EVENT_PROPERTIES = 300;
/** How deep `items` may nest (a list of lists of lists). */
const MAX_ITEMS_DEPTH = 4;

const JSON_TYPES = ["string", "number", "integer", "boolean", "null", "array", "object"] as const;
export type JsonType = (typeof JSON_TYPES)[number];

const jsonType = z.enum(JSON_TYPES, { message: `must be one of ${JSON_TYPES.join(", ")}` });
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A JSON Schema keyword set on one value; only the keywords API.md 7 names. */
export interface ValueRule {
  type?: JsonType | JsonType[];
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: "date-time";
  items?: ValueRule;
  description?: string;
}

/** A property's rule: a value rule, plus whether every such event must carry it. */
export interface PropertyRule extends ValueRule {
  required?: boolean;
}

const validRegex = z.string().max(1000).refine(
  (source) => {
    try {
      new RegExp(source, "u");
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a valid regular expression" },
);

const length = z.number().int().min(0, { message: "must be 0 or more" });

function valueRuleShape(depth: number) {
  return {
    type: z.union([jsonType, z.array(jsonType).min(1).max(JSON_TYPES.length)]).optional(),
    enum: z.array(scalar).min(1, { message: "must list at least one value" }).max(1000).optional(),
    const: scalar.optional(),
    pattern: validRegex.optional(),
    minimum: z.number().finite().optional(),
    maximum: z.number().finite().optional(),
    minLength: length.optional(),
    maxLength: length.optional(),
    format: z.literal("date-time", { message: 'must be "date-time" (the one format checked)' }).optional(),
    items: depth < MAX_ITEMS_DEPTH ? z.lazy((): z.ZodType<ValueRule> => valueRule(depth + 1)).optional() : z.never().optional(),
    description: z.string().max(2000).optional(),
  };
}

function valueRule(depth: number): z.ZodType<ValueRule> {
  return z.strictObject(valueRuleShape(depth), {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `uses ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: a rule may use type, enum, const, pattern, minimum, maximum, minLength, maxLength, format, items, description`
        : "must be an object of JSON Schema keywords",
  }) as z.ZodType<ValueRule>;
}

export const propertyRuleSchema: z.ZodType<PropertyRule> = z.strictObject(
  { ...valueRuleShape(0), required: z.boolean().optional() },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `uses ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: a rule may use type, enum, const, pattern, minimum, maximum, minLength, maxLength, format, items, description, required`
        : "must be an object of JSON Schema keywords",
  },
) as z.ZodType<PropertyRule>;

const eventName = z.string().min(1, { message: "event names must not be empty" }).max(200, { message: "event names must be at most 200 characters" });
const propertyName = z.string().min(1, { message: "property names must not be empty" }).max(200, { message: "property names must be at most 200 characters" });

export const eventPlanSchema = z.strictObject({
  description: z.string().max(2000).optional(),
  owner: z.string().max(200).optional(),
  properties: z
    .record(propertyName, propertyRuleSchema)
    .refine((p) => Object.keys(p).length <= MAX_EVENT_PROPERTIES, { message: `must list at most ${MAX_EVENT_PROPERTIES} properties` })
    .default({}),
});

export const modeSchema = z.strictObject({
  unplannedEvents: z.enum(["allow", "flag", "block"]).default("allow"),
  invalidEvents: z.enum(["flag", "block"]).default("flag"),
  unplannedProperties: z.enum(["allow", "flag", "strip"]).default("allow"),
});

export const DEFAULT_MODE: PlanMode = { unplannedEvents: "allow", invalidEvents: "flag", unplannedProperties: "allow" };

export const trackingPlanSchema = z.strictObject({
  mode: modeSchema.default(DEFAULT_MODE),
  events: z
    .record(eventName, eventPlanSchema)
    .refine((e) => Object.keys(e).length <= MAX_PLAN_EVENTS, { message: `must list at most ${MAX_PLAN_EVENTS} events` })
    .default({}),
});

export type PlanMode = z.output<typeof modeSchema>;
export type EventPlan = z.output<typeof eventPlanSchema>;
export type TrackingPlan = z.output<typeof trackingPlanSchema>;
