"use server";

// Saved funnels (lib/reports/saved.ts): save as, update, delete.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, idArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { ProjectError } from "@/lib/projects";
import { deleteSavedReport, saveReport } from "@/lib/reports/saved";

export interface SaveResult {
  error?: string;
  id?: string;
  name?: string;
}

async function asMember<T extends SaveResult>(work: (userId: string) => Promise<T>): Promise<SaveResult> {
  const user = await currentUser();
  if (!user) return { error: "Your session has ended; sign in again." };
  try {
    return await work(user.id);
  } catch (error) {
    if (error instanceof ProjectError) return { error: error.message };
    console.error("[crumbtrail] saved funnel action failed", error);
    return { error: "That did not work; try again." };
  }
}

const saveArgs = z.tuple([
  idArg,
  z.object({ name: z.string().max(1000), query: z.record(z.string(), z.unknown()), id: idArg.optional() }),
]);
const deleteArgs = z.tuple([idArg, idArg]);

export async function saveFunnelAction(projectId: string, input: { name: string; query: Record<string, unknown>; id?: string }): Promise<SaveResult> {
  if (!actionArgs(saveArgs, [projectId, input])) return { error: BAD_ARGUMENTS };
  return asMember(async (userId) => {
    const saved = await saveReport(userId, projectId, { kind: "funnel", name: input.name, query: input.query, id: input.id });
    revalidatePath(`/projects/${projectId}/funnels`);
    return { id: saved.id, name: saved.name };
  });
}

export async function deleteFunnelAction(projectId: string, id: string): Promise<SaveResult> {
  if (!actionArgs(deleteArgs, [projectId, id])) return { error: BAD_ARGUMENTS };
  return asMember(async (userId) => {
    await deleteSavedReport(userId, projectId, id);
    revalidatePath(`/projects/${projectId}/funnels`);
    return {};
  });
}
