// Saved reports: a report's query kept under a name, per project (e.g. the
// funnels a team watches). The date range is not part of it: a saved funnel is
// opened on whatever range the viewer picks.
import { z } from "zod";
import { can } from "../auth/permissions";
import { connections } from "../db";
import { memberProject, ProjectError } from "../projects";
import { reportSchema } from "../query/model";

export const REPORT_KINDS = ["trends", "funnel", "retention", "paths"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface SavedReportSummary {
  id: string;
  kind: ReportKind;
  name: string;
  query: Record<string, unknown>;
  updatedAt: Date;
}

const nameSchema = z.string().trim().min(1, { message: "Give the report a name." }).max(100, { message: "Keep the name under 100 characters." });

/** The query must be a valid report once a range is added. */
function validQuery(kind: ReportKind, query: unknown): Record<string, unknown> {
  if (!query || typeof query !== "object" || Array.isArray(query)) throw new ProjectError("invalid_input", "The report to save is not a query.");
  const { from: _from, to: _to, ...rest } = query as Record<string, unknown>;
  const check = reportSchema.safeParse({ ...rest, kind, from: "2000-01-01T00:00:00Z", to: "2000-01-02T00:00:00Z" });
  if (!check.success) {
    const issue = check.error.issues[0];
    throw new ProjectError("invalid_input", `The report to save is not valid: ${issue.path.join(".")} ${issue.message}`);
  }
  return { ...rest, kind };
}

async function access(userId: string, projectId: string, write: boolean) {
  const project = await memberProject(userId, projectId);
  if (!project) throw new ProjectError("not_found", "No such project.");
  // Saving reports is part of using them; viewers only look.
  if (write && !can(project.role, "save_reports")) throw new ProjectError("forbidden", "Viewers cannot save reports.");
  return project;
}

export async function listSavedReports(userId: string, projectId: string, kind: ReportKind): Promise<SavedReportSummary[]> {
  const project = await access(userId, projectId, false);
  const rows = await connections().prisma.savedReport.findMany({ where: { projectId: project.id, kind }, orderBy: { name: "asc" } });
  return rows.map((r) => ({ id: r.id, kind: r.kind as ReportKind, name: r.name, query: r.query as Record<string, unknown>, updatedAt: r.updatedAt }));
}

export async function saveReport(userId: string, projectId: string, input: { kind: ReportKind; name: string; query: unknown; id?: string }): Promise<SavedReportSummary> {
  const project = await access(userId, projectId, true);
  const name = nameSchema.safeParse(input.name);
  if (!name.success) throw new ProjectError("invalid_input", name.error.issues[0].message);
  if (input.id !== undefined) reportId(input.id);
  const query = validQuery(input.kind, input.query);
  const { prisma } = connections();
  const row = input.id
    ? await prisma.savedReport.update({ where: { id: input.id, projectId: project.id }, data: { name: name.data, query: query as object } })
    : await prisma.savedReport.create({ data: { projectId: project.id, kind: input.kind, name: name.data, query: query as object, createdById: userId } });
  return { id: row.id, kind: row.kind as ReportKind, name: row.name, query: row.query as Record<string, unknown>, updatedAt: row.updatedAt };
}

/** A saved report's id: a string, never an object Prisma would read as a filter (`{"not": ""}` matched every row). */
const reportIdSchema = z.string().min(1).max(200);

function reportId(id: unknown): string {
  const parsed = reportIdSchema.safeParse(id);
  if (!parsed.success) throw new ProjectError("invalid_input", "That is not a saved report's id.");
  return parsed.data;
}

export async function deleteSavedReport(userId: string, projectId: string, id: string): Promise<void> {
  reportId(id);
  const project = await access(userId, projectId, true);
  const { count } = await connections().prisma.savedReport.deleteMany({ where: { id, projectId: project.id } });
  if (!count) throw new ProjectError("not_found", "No such saved report.");
}
