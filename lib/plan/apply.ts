// The tracking plan's step in ingestion (lib/ingest) and in a replay: each
// message checked, stripped, or set aside for the quarantine, and what was
// found handed to the writer, which records it in the same group commit.
import type { NormalizedMessage } from "../ingest/normalize";
import type { PlanNote, PlanWrite } from "../store/trackingPlan";
import type { PlanChecker } from "./checker";

export interface PlanOutcome {
  /** The messages to store (stripped where the plan says so), in their order. */
  stored: NormalizedMessage[];
  /** For each stored message, its position in the input. */
  positions: number[];
  write: PlanWrite;
  /** Violations found (one per property and kind), for the answer's `violations`. */
  violations: number;
}

function withoutProperties(message: NormalizedMessage, names: string[]): NormalizedMessage {
  const properties = { ...message.properties };
  for (const name of names) delete properties[name];
  return { ...message, properties };
}

export function applyPlan(checker: PlanChecker, messages: NormalizedMessage[]): PlanOutcome {
  const outcome: PlanOutcome = { stored: [], positions: [], write: { notes: [], quarantine: [] }, violations: 0 };
  messages.forEach((message, position) => {
    const verdict = checker.check(message);
    if (verdict.violations.length) {
      outcome.violations += verdict.violations.length;
      outcome.write.notes.push(noteOf(message, verdict.violations));
    }
    if (verdict.block) {
      outcome.write.quarantine.push(message);
      return;
    }
    outcome.stored.push(verdict.strip.length ? withoutProperties(message, verdict.strip) : message);
    outcome.positions.push(position);
  });
  return outcome;
}

function noteOf(message: NormalizedMessage, violations: PlanNote["violations"]): PlanNote {
  return {
    messageId: message.messageId,
    event: message.event,
    receivedAt: message.receivedAt,
    violations,
    // The properties as sent, before any strip: the sample shows what broke the plan.
    sample: { messageId: message.messageId, receivedAt: new Date(message.receivedAt).toISOString(), distinctId: message.distinctId, properties: message.properties },
  };
}
