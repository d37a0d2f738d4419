// What every project page needs first: the signed-in member and the project,
// or sign-in / not-found. Memoized per request so layout and page share it.
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser, type AccountUser } from "../auth";
import { memberProject, type ProjectSummary } from "./index";

export const projectPageContext = cache(async (projectId: string, returnTo: string): Promise<{ user: AccountUser; project: ProjectSummary }> => {
  const user = await requireUser(returnTo);
  const project = await memberProject(user.id, projectId);
  if (!project) notFound();
  return { user, project };
});
