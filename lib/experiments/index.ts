// Experiments (API.md 6): stored definitions, one per key in a project.
// Callers (API routes, pages) have already checked who may do what (lib/auth).
import { z } from "zod";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { parseInput } from "../http/parse";
import {
  exposureSchema,
  metricsSchema,
  variantsSchema,
  type CreateExperimentInput,
  type ExperimentStatus,
  type Exposure,
  type Metric,
  type UpdateExperimentInput,
  type Variant,
} from "./definition";
import { cachedRunningExperiments, forgetRunningExperiments } from "./runningCache";

export interface Experiment {
  id: string;
  key: string;
  name: string;
  hypothesis: string;
  variants: Variant[];
  exposure: Exposure;
  metrics: Metric[];
  start: string;
  end: string | null;
  status: ExperimentStatus;
  createdAt: string;
  updatedAt: string;
}

type ExperimentRow = {
  id: string;
  key: string;
  name: string;
  hypothesis: string;
  variants: unknown;
  exposure: unknown;
  metrics: unknown;
  start: Date;
  end: Date | null;
  status: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The first problem of a zod parse, as the API's 400. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, code = "invalid_experiment"): z.output<S> {
  return parseInput(schema, input, code);
}

/** A stored row as the API shows it; its JSON read back through the schemas it was saved with. */
function shown(row: ExperimentRow): Experiment {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    hypothesis: row.hypothesis,
    variants: variantsSchema.parse(row.variants),
    exposure: exposureSchema.parse(row.exposure),
    metrics: metricsSchema.parse(row.metrics),
    start: row.start.toISOString(),
    end: row.end ? row.end.toISOString() : null,
    status: row.status as ExperimentStatus,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function notFound(): ApiError {
  return new ApiError(404, "experiment_not_found", "No such experiment in this project.");
}

function keyTaken(key: string): ApiError {
  return new ApiError(409, "experiment_key_taken", `Another experiment of this project already has the key "${key}".`);
}

/** Prisma's unique-constraint failure (P2002), without importing either generated client. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** An experiment id from a URL: never an object Prisma would read as a filter. */
function experimentIdOf(value: string): string {
  if (typeof value !== "string" || !value || value.length > 200) throw notFound();
  return value;
}

export async function listExperiments(projectId: string): Promise<Experiment[]> {
  const rows = await connections().prisma.experiment.findMany({ where: { projectId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return rows.map(shown);
}

export async function getExperiment(projectId: string, experimentId: string): Promise<Experiment> {
  const row = await connections().prisma.experiment.findFirst({ where: { id: experimentIdOf(experimentId), projectId } });
  if (!row) throw notFound();
  return shown(row);
}

export async function createExperiment(projectId: string, userId: string | null, input: CreateExperimentInput): Promise<Experiment> {
  const start = input.start ?? new Date();
  if (input.end && input.end <= start) throw new ApiError(400, "invalid_experiment", "end must be after start");
  try {
    const row = await connections().prisma.experiment.create({
      data: {
        projectId,
        key: input.key,
        name: input.name,
        hypothesis: input.hypothesis,
        variants: input.variants,
        exposure: input.exposure,
        metrics: input.metrics,
        start,
        end: input.end,
        status: input.status,
        createdById: userId,
      },
    });
    forgetRunningExperiments(projectId);
    return shown(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken(input.key);
    throw error;
  }
}

export async function updateExperiment(projectId: string, experimentId: string, input: UpdateExperimentInput): Promise<Experiment> {
  const current = await getExperiment(projectId, experimentId);
  const start = input.start ?? new Date(current.start);
  const end = input.end === undefined ? (current.end ? new Date(current.end) : null) : input.end;
  if (end && end <= start) throw new ApiError(400, "invalid_experiment", "end must be after start");
  try {
    const row = await connections().prisma.experiment.update({
      where: { id: current.id },
      data: {
        key: input.key,
        name: input.name,
        hypothesis: input.hypothesis,
        variants: input.variants,
        exposure: input.exposure,
        metrics: input.metrics,
        start: input.start,
        end: input.end,
        status: input.status,
      },
    });
    forgetRunningExperiments(projectId);
    return shown(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken(input.key ?? current.key);
    throw error;
  }
}

export async function deleteExperiment(projectId: string, experimentId: string): Promise<void> {
  const { count } = await connections().prisma.experiment.deleteMany({ where: { id: experimentIdOf(experimentId), projectId } });
  if (!count) throw notFound();
  forgetRunningExperiments(projectId);
}

/** The experiments live for assignment at `now`: running, with now in [start, end). Read through runningCache.ts. */
export async function liveExperiments(projectId: string, now: Date = new Date()): Promise<Experiment[]> {
  const running = await cachedRunningExperiments(projectId, async () => {
    const rows = await connections().prisma.experiment.findMany({ where: { projectId, status: "running" }, orderBy: { key: "asc" } });
    return rows.map(shown);
  });
  const at = now.getTime();
  return running.filter((e) => Date.parse(e.start) <= at && (e.end === null || Date.parse(e.end) > at));
}
