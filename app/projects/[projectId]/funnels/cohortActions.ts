"use server";

// "Save as cohort" from a funnel's drop-off: every person who dropped out after
// a step (within the chosen breakdown value) becomes a static cohort (API.md 5).
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, idArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { createCohort, createCohortSchema, MAX_LISTED_IDS } from "@/lib/cohorts";
import { ApiError } from "@/lib/http/errors";
import { ProjectError, projectFor } from "@/lib/projects";
import { reportContext } from "@/lib/query/context";
import { funnelDroppedPersonIds } from "@/lib/query/funnel";
import type { FunnelQuery } from "@/lib/query/model";
import { parseReport } from "@/lib/query/report";
import { usersByPersonIds } from "@/lib/query/users";

export interface SaveCohortResult {
  error?: string;
  cohort?: { id: string; name: string; count: number };
}

/** Which persons: the funnel on screen (with its range), the step they dropped after, and the breakdown value. */
export interface DroppedTarget {
  query: Record<string, unknown>;
  step: number;
  droppedValue: { value: unknown } | null;
}

const saveArgs = z.tuple([
  idArg,
  z.object({ query: z.record(z.string(), z.unknown()), step: z.number().int().min(1).max(20), droppedValue: z.object({ value: z.unknown() }).nullable() }),
  z.string().max(1000),
]);

export async function saveDroppedAsCohortAction(projectId: string, target: DroppedTarget, name: string): Promise<SaveCohortResult> {
  if (!actionArgs(saveArgs, [projectId, target, name])) return { error: BAD_ARGUMENTS };
  const user = await currentUser();
  if (!user) return { error: "Your session has ended; sign in again." };
  try {
    const project = await projectFor(user.id, projectId, "save_reports");
    const input = createCohortSchema.safeParse({ kind: "static", name, distinctIds: [] });
    if (!input.success) return { error: `The name ${input.error.issues[0].message}.` };
    const ctx = reportContext(project);
    const query = parseReport({ ...target.query, kind: "funnel" }) as FunnelQuery;
    const personIds = await funnelDroppedPersonIds(ctx, query, target.step, target.droppedValue ?? undefined);
    if (personIds.length > MAX_LISTED_IDS) return { error: `A list holds at most ${MAX_LISTED_IDS} persons; narrow the funnel first.` };
    // Each person by their public id (one of their distinct ids), which the cohort resolves back to them.
    const distinctIds: string[] = [];
    for (let i = 0; i < personIds.length; i += 500) distinctIds.push(...(await usersByPersonIds(ctx, personIds.slice(i, i + 500))).map((u) => u.id));
    const created = await createCohort(projectId, user.id, input.data, distinctIds);
    return { cohort: { id: created.id, name: created.name, count: created.count } };
  } catch (error) {
    if (error instanceof ProjectError || (error instanceof ApiError && error.status < 500)) return { error: error.message };
    console.error("[crumbtrail] save as cohort failed", error);
    return { error: "That did not work; try again." };
  }
}
