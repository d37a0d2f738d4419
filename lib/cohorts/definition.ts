// A dynamic cohort's definition (API.md 5): nested all/any groups of
// conditions on a person's current properties and on what they did, read as
// zod at the trust boundary. Groups carry no `type` on the wire; inside they
// get one ("all" | "any") so the parser can name exactly what is wrong.
import { z } from "zod";
import { FILTER_OPERATORS, filterSchema, type Filter } from "../query/model";

export const COUNT_OPERATORS = ["gte", "lte", "eq", "gt", "lt"] as const;
export type CountOperator = (typeof COUNT_OPERATORS)[number];

/** Deepest nesting of groups, and most entries in one group: a definition is written by a person. */
export const MAX_DEPTH = 5;
export const MAX_ENTRIES = 50;
export const MAX_WITHIN_DAYS = 3660;

export interface PropertyCondition {
  type: "property";
  property: string;
  op: Filter["op"];
  value?: Filter["value"];
  negate: boolean;
}

export interface PerformedCondition {
  type: "performed";
  event: string;
  where: Filter[];
  count: { op: CountOperator; value: number };
  withinDays: number;
  negate: boolean;
}

export interface FirstTimeCondition {
  type: "first_time";
  event: string;
  withinDays: number;
  negate: boolean;
}

export interface CohortCondition {
  type: "cohort";
  cohortId: string;
  negate: boolean;
}

export interface AllGroup {
  all: Condition[];
}

export interface AnyGroup {
  any: Condition[];
}

export type Group = AllGroup | AnyGroup;
export type Leaf = PropertyCondition | PerformedCondition | FirstTimeCondition | CohortCondition;
export type Condition = Leaf | Group;

const negate = z.boolean({ message: "must be true or false" }).default(false);
const eventName = z.string({ message: "must be an event name" }).min(1, { message: "must not be empty" }).max(200);
const withinDays = z
  .number({ message: "must be a number of days" })
  .int({ message: "must be a whole number of days" })
  .min(1, { message: "must be at least 1" })
  .max(MAX_WITHIN_DAYS, { message: `must be at most ${MAX_WITHIN_DAYS}` });

const propertySchema = z
  .object({
    type: z.literal("property"),
    property: z.unknown(),
    op: z.unknown(),
    value: z.unknown().optional(),
    negate,
  })
  .transform((input, ctx): PropertyCondition => {
    // The report filters' own rules (API.md 3.1), on the person's properties.
    const filter = filterSchema.safeParse({ property: input.property, op: input.op, value: input.value, scope: "user" });
    if (!filter.success) {
      for (const issue of filter.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { type: "property", property: filter.data.property, op: filter.data.op, value: filter.data.value, negate: input.negate };
  });

const performedSchema = z.object({
  type: z.literal("performed"),
  event: eventName,
  where: z.array(filterSchema).max(20, { message: "must list at most 20 filters" }).default([]),
  count: z
    .object({
      op: z.enum(COUNT_OPERATORS, { message: `must be one of ${COUNT_OPERATORS.join(", ")}` }),
      value: z.number({ message: "must be a number" }).int({ message: "must be a whole number" }).min(0, { message: "must not be negative" }).max(1_000_000_000),
    })
    .default({ op: "gte", value: 1 }),
  withinDays,
  negate,
});

const firstTimeSchema = z.object({ type: z.literal("first_time"), event: eventName, withinDays, negate });

const cohortSchema = z.object({
  type: z.literal("cohort"),
  cohortId: z.string({ message: "must be a cohort's id" }).min(1, { message: "must not be empty" }).max(200),
  negate,
});

function entries(): z.ZodType<Condition[]> {
  return z
    .array(z.lazy(() => conditionSchema))
    .min(1, { message: "must hold at least one condition" })
    .max(MAX_ENTRIES, { message: `must hold at most ${MAX_ENTRIES} conditions` });
}

const allSchema = z.object({ type: z.literal("all"), all: entries() }).strict();
const anySchema = z.object({ type: z.literal("any"), any: entries() }).strict();

/** A group's wire form has no type: give it one from its key, so the union below can tell groups apart. */
function typedGroup(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || "type" in value) return value;
  if ("all" in value) return { ...value, type: "all" };
  if ("any" in value) return { ...value, type: "any" };
  return value;
}

const CONDITION_MESSAGE = "must be a condition (type property, performed, first_time or cohort) or a group ({all: [...]} or {any: [...]})";

const conditionSchema: z.ZodType<Condition> = z.preprocess(
  typedGroup,
  z
    .discriminatedUnion("type", [propertySchema, performedSchema, firstTimeSchema, cohortSchema, allSchema, anySchema], { message: CONDITION_MESSAGE })
    .transform((c): Condition => {
      if (c.type === "all") return { all: c.all };
      if (c.type === "any") return { any: c.any };
      return c;
    }),
) as z.ZodType<Condition>;

/** The top of a definition: one group. */
export const matchSchema: z.ZodType<Group> = z.preprocess(
  typedGroup,
  z.discriminatedUnion("type", [allSchema, anySchema], { message: "must be a group: {all: [...]} or {any: [...]}" }).transform((g): Group => (g.type === "all" ? { all: g.all } : { any: g.any })),
) as z.ZodType<Group>;

export function isGroup(condition: Condition): condition is Group {
  return "all" in condition || "any" in condition;
}

export function groupEntries(group: Group): { mode: "all" | "any"; entries: Condition[] } {
  return "all" in group ? { mode: "all", entries: group.all } : { mode: "any", entries: group.any };
}

/** How deep groups nest (the top group is 1). */
export function depthOf(condition: Condition): number {
  if (!isGroup(condition)) return 0;
  return 1 + Math.max(0, ...groupEntries(condition).entries.map(depthOf));
}

/** Every cohort the definition names, directly. */
export function referencedCohorts(condition: Condition): string[] {
  if (!isGroup(condition)) return condition.type === "cohort" ? [condition.cohortId] : [];
  return [...new Set(groupEntries(condition).entries.flatMap(referencedCohorts))];
}

export { FILTER_OPERATORS };
