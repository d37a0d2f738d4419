"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, previousStateArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { createProject, ProjectError } from "@/lib/projects";

export interface CreateProjectState {
  error?: string;
  /** The form field `error` is about; none for an error about the whole form. */
  field?: string;
}

const createArgs = z.tuple([previousStateArg, formArg]);

export async function createProjectAction(_previous: CreateProjectState, form: FormData): Promise<CreateProjectState> {
  if (!actionArgs(createArgs, [_previous, form])) return { error: BAD_ARGUMENTS };
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/projects");
  let projectId: string;
  try {
    const project = await createProject(user.id, {
      name: String(form.get("name") ?? ""),
      timezone: String(form.get("timezone") ?? "UTC"),
      organizationId: String(form.get("organizationId") ?? ""),
    });
    projectId = project.id;
  } catch (error) {
    if (error instanceof ProjectError) return error.code === "invalid_input" && error.field ? { error: error.message, field: error.field } : { error: error.message };
    console.error("[crumbtrail] project creation failed", error);
    return { error: "We could not create the project; try again." };
  }
  redirect(`/projects/${projectId}/overview`);
}
