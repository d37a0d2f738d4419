// Checking one message against a tracking plan (API.md 7). A plan is compiled
// once (ajv turns each event's rules into a validating function) and the
// compiled checker is kept until the plan changes (./cache.ts): checking a
// message is then a map lookup and one generated function call.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { PropertyRule, TrackingPlan, ViolationType } from "./schema";

/** One way a message broke the plan; `property` is null for the event itself. */
export interface Violation {
  property: string | null;
  type: ViolationType;
}

/** What to do with one message. */
export interface MessageVerdict {
  violations: Violation[];
  /** Not stored: kept in the quarantine instead. */
  block: boolean;
  /** Properties to drop before storing (unplannedProperties "strip"). */
  strip: string[];
}

/** The parts of a message the plan looks at. */
export interface CheckedMessage {
  type: string;
  event: string;
  properties: Record<string, unknown>;
}

const PASS: MessageVerdict = Object.freeze({ violations: [], block: false, strip: [] }) as MessageVerdict;

/**
 * Names starting with "$" belong to SDKs and to Crumbtrail itself ($pageview,
 * PostHog's $current_url, ...): a plan lists them only if it wants to check
 * them, and never counts them as unplanned.
 */
function isReserved(name: string): boolean {
  return name.startsWith("$");
}

/** The JSON Schema of an event's properties object: the rules, with `required: true` gathered into `required`. */
export function eventJsonSchema(properties: Record<string, PropertyRule>): Record<string, unknown> {
  const schemaProperties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, rule] of Object.entries(properties)) {
    const { required: isRequired, ...valueRule } = rule;
    schemaProperties[name] = valueRule;
    if (isRequired) required.push(name);
  }
  return { type: "object", properties: schemaProperties, required };
}

/** One ajv instance per compiled plan: its functions die with the plan. */
function newAjv(): Ajv2020 {
  // allErrors: a message breaking two rules shows both on the Data quality page.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, unicodeRegExp: true });
  addFormats(ajv, ["date-time"]);
  return ajv;
}

/** The top-level property an ajv error is about (the first step of its JSON pointer). */
function propertyOf(error: ErrorObject): string | null {
  if (error.keyword === "required") return String((error.params as { missingProperty: string }).missingProperty);
  const step = error.instancePath.split("/")[1];
  return step === undefined ? null : step.replace(/~1/g, "/").replace(/~0/g, "~");
}

function violationsOf(errors: ErrorObject[]): Violation[] {
  const byProperty = new Map<string, Violation>();
  for (const error of errors) {
    const property = propertyOf(error);
    if (property === null) continue;
    const type: ViolationType = error.keyword === "required" ? "missing_required" : error.keyword === "type" ? "wrong_type" : "not_allowed_value";
    const key = `${type}\u0000${property}`;
    if (!byProperty.has(key)) byProperty.set(key, { property, type });
  }
  // A value of the wrong type says all there is to say about it (an enum of
  // strings fails a number as well, which is the same mistake).
  return [...byProperty.values()].filter((v) => v.type !== "not_allowed_value" || !byProperty.has(`wrong_type\u0000${v.property}`));
}

interface CompiledEvent {
  validate: ValidateFunction;
  planned: ReadonlySet<string>;
}

export class PlanChecker {
  private readonly events = new Map<string, CompiledEvent>();

  /** Throws (ajv's message) when a rule cannot be compiled; savePlan reports that as a 400. */
  constructor(readonly plan: TrackingPlan) {
    const ajv = newAjv();
    for (const [name, event] of Object.entries(plan.events)) {
      this.events.set(name, { validate: ajv.compile(eventJsonSchema(event.properties)), planned: new Set(Object.keys(event.properties)) });
    }
  }

  /**
   * Track messages are checked by their event name. Page and screen views only
   * when the plan names them: by the view's name ("Pricing", a page's `name`)
   * or else by their stored event ($pageview, $screen); a view the plan does
   * not name is never unplanned. Identify and the others have no plan entry.
   */
  check(message: CheckedMessage): MessageVerdict {
    if (message.type === "page" || message.type === "screen") return this.checkView(message);
    if (message.type !== "track") return PASS;
    const { mode } = this.plan;
    const event = this.events.get(message.event);
    if (!event) {
      if (mode.unplannedEvents === "allow" || isReserved(message.event)) return PASS;
      return { violations: [{ property: null, type: "unplanned_event" }], block: mode.unplannedEvents === "block", strip: [] };
    }
    return this.checkProperties(event, message.properties, null);
  }

  private checkView(message: CheckedMessage): MessageVerdict {
    const name = typeof message.properties.name === "string" ? message.properties.name : null;
    const event = (name !== null ? this.events.get(name) : undefined) ?? this.events.get(message.event);
    // The view's `name` is how it is named, not a property the entry must list.
    return event ? this.checkProperties(event, message.properties, "name") : PASS;
  }

  private checkProperties(event: CompiledEvent, properties: Record<string, unknown>, alsoPlanned: string | null): MessageVerdict {
    const { mode } = this.plan;
    const violations = event.validate(properties) ? [] : violationsOf(event.validate.errors ?? []);
    const invalid = violations.length > 0;
    const unplanned =
      mode.unplannedProperties === "allow" ? [] : Object.keys(properties).filter((name) => !event.planned.has(name) && !isReserved(name) && name !== alsoPlanned);
    for (const property of unplanned) violations.push({ property, type: "unplanned_property" });
    if (!violations.length) return PASS;
    return {
      violations,
      block: invalid && mode.invalidEvents === "block",
      strip: mode.unplannedProperties === "strip" ? unplanned : [],
    };
  }
}

/** The compile errors of a plan's rules (a pattern ajv refuses, say), as one sentence; null when it compiles. */
export function compileError(plan: TrackingPlan): string | null {
  try {
    new PlanChecker(plan);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
