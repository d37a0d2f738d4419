"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, idArg, previousStateArg } from "@/lib/actions/args";
import { can, currentUser } from "@/lib/auth";
import { createDestination, deleteDestination, destinationSchema } from "@/lib/cohorts/sync";
import { ApiError } from "@/lib/http/errors";
import { memberProject } from "@/lib/projects";

export interface DestinationFormState {
  error?: string;
  /** The form field `error` is about (url or secret); none for the whole form. */
  field?: string;
  done?: string;
}

const NOT_ALLOWED = "Your role in this project cannot change cohorts.";

/** Runs `work` for a signed-in member whose role may manage cohorts; a refusal comes back as a message. */
async function asManager(projectId: string, work: (userId: string) => Promise<DestinationFormState>): Promise<DestinationFormState> {
  const user = await currentUser();
  if (!user) return { error: "Your session ended: sign in again." };
  const project = await memberProject(user.id, projectId);
  if (!project || !can(project.role, "manage_cohorts")) return { error: NOT_ALLOWED };
  try {
    return await work(user.id);
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return { error: error.message };
    console.error("[crumbtrail] destination action failed", error);
    return { error: "That did not work; try again." };
  }
}

export async function addDestinationAction(projectId: string, cohortId: string, _previous: DestinationFormState, form: FormData): Promise<DestinationFormState> {
  if (!actionArgs(z.tuple([idArg, idArg, previousStateArg, formArg]), [projectId, cohortId, _previous, form])) return { error: BAD_ARGUMENTS };
  const parsed = destinationSchema.safeParse({ url: String(form.get("url") ?? ""), secret: String(form.get("secret") ?? "") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "");
    const label = field === "secret" ? "The secret" : "The URL";
    return { error: `${label} ${issue.message}.`, field };
  }
  return asManager(projectId, async (userId) => {
    await createDestination(projectId, cohortId, userId, parsed.data);
    revalidatePath(`/projects/${projectId}/cohorts/${cohortId}/destinations`);
    return { done: "Added: it receives every member now, then only the changes." };
  });
}

export async function removeDestinationAction(projectId: string, cohortId: string, destinationId: string): Promise<DestinationFormState> {
  if (!actionArgs(z.tuple([idArg, idArg, idArg]), [projectId, cohortId, destinationId])) return { error: BAD_ARGUMENTS };
  return asManager(projectId, async () => {
    await deleteDestination(projectId, cohortId, destinationId);
    revalidatePath(`/projects/${projectId}/cohorts/${cohortId}/destinations`);
    return { done: "Removed." };
  });
}
