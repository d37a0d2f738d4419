"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, idArg, previousStateArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { createSecretKey, deleteProject, ProjectError, revokeSecretKey, updateProject } from "@/lib/projects";

export interface FormState {
  error?: string;
  /** The form field `error` is about; none for an error about the whole form. */
  field?: string;
  done?: string;
  /** A secret key just created: shown once. */
  key?: string;
}

/**
 * Runs `work` as the signed-in user; a refused input comes back under its form
 * field (`fields` maps lib/projects' input names to the form's, when they differ).
 */
async function asUser<T>(projectId: string, work: (userId: string) => Promise<T>, fields: Record<string, string> = {}): Promise<T | FormState> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/projects/${projectId}/settings`)}`);
  try {
    return await work(user.id);
  } catch (error) {
    if (error instanceof ProjectError) {
      const field = error.code === "invalid_input" && error.field ? (Object.hasOwn(fields, error.field) ? fields[error.field] : error.field) : undefined;
      return field ? { error: error.message, field } : { error: error.message };
    }
    console.error("[crumbtrail] settings action failed", error);
    return { error: "That did not work; try again." };
  }
}

const formArgs = z.tuple([idArg, previousStateArg, formArg]);
const keyArgs = z.tuple([idArg, idArg]);

export async function updateProjectAction(projectId: string, _previous: FormState, form: FormData): Promise<FormState> {
  if (!actionArgs(formArgs, [projectId, _previous, form])) return { error: BAD_ARGUMENTS };
  return asUser(projectId, async (userId) => {
    await updateProject(userId, projectId, {
      name: String(form.get("name") ?? ""),
      timezone: String(form.get("timezone") ?? ""),
      rateLimitPerSecond: String(form.get("rateLimit") ?? ""),
      retentionDays: String(form.get("retentionDays") ?? ""),
      cohortRecomputeMinutes: String(form.get("cohortRecomputeMinutes") ?? ""),
      maxEventNames: String(form.get("maxEventNames") ?? ""),
      maxEventPropertyNames: String(form.get("maxEventPropertyNames") ?? ""),
      maxPersonPropertyNames: String(form.get("maxPersonPropertyNames") ?? ""),
    });
    revalidatePath(`/projects/${projectId}`, "layout");
    return { done: "Saved." };
  }, { rateLimitPerSecond: "rateLimit" });
}

export async function createSecretKeyAction(projectId: string, _previous: FormState, form: FormData): Promise<FormState> {
  if (!actionArgs(formArgs, [projectId, _previous, form])) return { error: BAD_ARGUMENTS };
  return asUser(projectId, async (userId) => {
    const { key } = await createSecretKey(userId, projectId, String(form.get("keyName") ?? ""));
    revalidatePath(`/projects/${projectId}/settings`);
    return { key };
  }, { name: "keyName" });
}

export async function revokeSecretKeyAction(projectId: string, keyId: string): Promise<FormState> {
  if (!actionArgs(keyArgs, [projectId, keyId])) return { error: BAD_ARGUMENTS };
  return asUser(projectId, async (userId) => {
    await revokeSecretKey(userId, projectId, keyId);
    revalidatePath(`/projects/${projectId}/settings`);
    return { done: "Revoked." };
  });
}

export async function deleteProjectAction(projectId: string, _previous: FormState, form: FormData): Promise<FormState> {
  if (!actionArgs(formArgs, [projectId, _previous, form])) return { error: BAD_ARGUMENTS };
  const result = await asUser(projectId, async (userId) => {
    await deleteProject(userId, projectId, String(form.get("confirmName") ?? ""));
    return null;
  });
  if (result) return result;
  revalidatePath("/projects");
  redirect("/projects");
}
