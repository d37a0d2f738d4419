"use server";

// "Save as cohort" from a report: the persons behind one of its numbers (a
// funnel step's converted or dropped persons, a retention cell, the users list
// with its filters) become a static cohort (API.md 5). The same code as
// POST .../cohorts with "from", so the cohort has exactly that many members.
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, idArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { createCohort, createCohortSchema } from "@/lib/cohorts";
import { ApiError } from "@/lib/http/errors";
import { ProjectError, projectFor } from "@/lib/projects";
import { personsSourceSchema, type PersonsSource } from "@/lib/query/reportPersons";

export interface SaveCohortResult {
  error?: string;
  cohort?: { id: string; name: string; count: number };
}

const saveArgs = z.tuple([idArg, personsSourceSchema, z.string().max(1000)]);

export async function saveAsCohortAction(projectId: string, source: z.input<typeof personsSourceSchema> | PersonsSource, name: string): Promise<SaveCohortResult> {
  const args = actionArgs(saveArgs, [projectId, source, name]);
  if (!args) return { error: BAD_ARGUMENTS };
  const user = await currentUser();
  if (!user) return { error: "Your session has ended; sign in again." };
  try {
    await projectFor(user.id, projectId, "save_reports");
    const input = createCohortSchema.safeParse({ kind: "static", name, from: args[1] });
    if (!input.success) return { error: `The name ${input.error.issues[0].message}.` };
    const created = await createCohort(projectId, user.id, input.data);
    return { cohort: { id: created.id, name: created.name, count: created.count } };
  } catch (error) {
    if (error instanceof ProjectError || (error instanceof ApiError && error.status < 500)) return { error: error.message };
    console.error("[crumbtrail] save as cohort failed", error);
    return { error: "That did not work; try again." };
  }
}
