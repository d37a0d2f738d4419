// Segment Protocols' tracking-plan JSON, in and out (API.md 7): a list of event
// rules, each a JSON Schema of the whole message whose `properties.properties`
// holds the property rules and `properties.required` the required names.
// Only what a Crumbtrail plan can say crosses over: keywords outside API.md 7's
// list are dropped on import, and the mode (which Segment keeps elsewhere) is
// the project's own.
import { z } from "zod";
import type { PlanMode, PropertyRule, TrackingPlan, ValueRule } from "./schema";

const RULE_KEYWORDS = ["type", "enum", "const", "pattern", "minimum", "maximum", "minLength", "maxLength", "format", "description"] as const;

const jsonSchemaObject = z.record(z.string(), z.unknown());

export const segmentPlanSchema = z.object({
  display_name: z.string().optional(),
  rules: z.object({
    events: z
      .array(
        z.object({
          name: z.string({ message: "must be the event's name" }),
          description: z.string().optional(),
          version: z.number().optional(),
          rules: z
            .object({
              properties: z
                .object({
                  properties: z
                    .object({
                      properties: z.record(z.string(), jsonSchemaObject).optional(),
                      required: z.array(z.string()).optional(),
                    })
                    .optional(),
                })
                .optional(),
            })
            .optional(),
        }),
        { message: "must be a list of event rules" },
      )
      .default([]),
  }),
});

/** What `GET ?format=segment` answers. */
export interface SegmentPlan {
  display_name: string;
  rules: {
    events: {
      name: string;
      description?: string;
      version: number;
      rules: {
        $schema: string;
        type: "object";
        properties: { properties: { type: "object"; properties: Record<string, Record<string, unknown>>; required: string[] } };
        required: string[];
      };
    }[];
  };
}

/** A JSON Schema from Segment, reduced to the keywords a plan rule may use. */
function valueRuleFrom(schema: Record<string, unknown>): ValueRule {
  const rule: Record<string, unknown> = {};
  for (const keyword of RULE_KEYWORDS) if (schema[keyword] !== undefined) rule[keyword] = schema[keyword];
  const items = schema.items;
  if (items && typeof items === "object" && !Array.isArray(items)) rule.items = valueRuleFrom(items as Record<string, unknown>);
  return rule as ValueRule;
}

/**
 * A Crumbtrail plan (still to be checked by trackingPlanSchema) from Segment's
 * JSON; throws zod's error when the JSON is not a Segment plan at all.
 */
export function fromSegment(input: unknown, mode: PlanMode): unknown {
  const segment = segmentPlanSchema.parse(input);
  const events: Record<string, { description?: string; properties: Record<string, PropertyRule> }> = {};
  for (const rule of segment.rules.events) {
    const schema = rule.rules?.properties?.properties;
    const required = new Set(schema?.required ?? []);
    const properties: Record<string, PropertyRule> = {};
    for (const [name, propertySchema] of Object.entries(schema?.properties ?? {})) {
      properties[name] = { ...valueRuleFrom(propertySchema), ...(required.has(name) ? { required: true } : {}) };
    }
    // A name required without a rule of its own is still required.
    for (const name of required) properties[name] ??= { required: true };
    events[rule.name] = { ...(rule.description ? { description: rule.description } : {}), properties };
  }
  return { mode, events };
}

/** The plan as Segment Protocols' tracking-plan JSON. */
export function toSegment(plan: TrackingPlan, displayName: string): SegmentPlan {
  return {
    display_name: displayName,
    rules: {
      events: Object.entries(plan.events).map(([name, event]) => {
        const properties: Record<string, Record<string, unknown>> = {};
        const required: string[] = [];
        for (const [property, rule] of Object.entries(event.properties)) {
          const { required: isRequired, ...valueRule } = rule;
          properties[property] = valueRule as Record<string, unknown>;
          if (isRequired) required.push(property);
        }
        return {
          name,
          ...(event.description ? { description: event.description } : {}),
          version: 1,
          rules: {
            $schema: "http://json-schema.org/draft-07/schema#",
            type: "object",
            properties: { properties: { type: "object", properties, required } },
            required: ["properties"],
          },
        };
      }),
    },
  };
}
