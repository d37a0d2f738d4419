// A cohort's webhook destinations: adding one (it receives the full list at
// once), listing them with their latest deliveries, removing one. Callers have
// checked who may do what (lib/auth).
import { z } from "zod";
import { connections } from "../../db";
import { ApiError } from "../../http/errors";
import { enqueueDeliveries } from "./enqueue";
import { kickDeliveries } from "./worker";

/** Destinations one cohort may have. */
export const MAX_DESTINATIONS = 10;
/** Deliveries listed per destination (the latest). */
export const LISTED_DELIVERIES = 20;

export const destinationSchema = z
  .object({
    url: z
      .string({ message: "must be a URL" })
      .trim()
      .max(2000, { message: "must be at most 2000 characters" })
      .pipe(z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })),
    secret: z
      .string({ message: "must be a string" })
      .min(16, { message: "must be at least 16 characters" })
      .max(200, { message: "must be at most 200 characters" }),
  })
  .strict();
export type DestinationInput = z.output<typeof destinationSchema>;

export interface DeliveryView {
  id: string;
  computedAt: string;
  action: string;
  part: number;
  parts: number;
  entries: number;
  status: "pending" | "retrying" | "delivered";
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface DestinationView {
  id: string;
  url: string;
  /** Never the secret itself: its last characters, to tell destinations apart. */
  secret: string;
  createdAt: string;
  /** Deliveries not yet delivered (pending or retrying). */
  undelivered: number;
  deliveries: DeliveryView[];
}

export function maskSecret(secret: string): string {
  return `••••••••${secret.slice(-4)}`;
}

async function cohortOf(projectId: string, cohortId: string): Promise<{ id: string }> {
  const cohort = typeof cohortId === "string" && cohortId.length <= 200 ? await connections().prisma.cohort.findFirst({ where: { id: cohortId, projectId }, select: { id: true } }) : null;
  if (!cohort) throw new ApiError(404, "cohort_not_found", "No such cohort in this project.");
  return cohort;
}

type DeliveryRow = {
  id: bigint;
  computedAt: Date;
  action: string;
  part: number;
  parts: number;
  entries: number;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

function deliveryView(d: DeliveryRow): DeliveryView {
  return {
    id: String(d.id),
    computedAt: d.computedAt.toISOString(),
    action: d.action,
    part: d.part,
    parts: d.parts,
    entries: d.entries,
    status: d.status as DeliveryView["status"],
    attempts: d.attempts,
    nextAttemptAt: d.status === "delivered" ? null : d.nextAttemptAt.toISOString(),
    lastError: d.lastError,
    responseStatus: d.responseStatus,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
  };
}

const DELIVERY_FIELDS = {
  id: true,
  computedAt: true,
  action: true,
  part: true,
  parts: true,
  entries: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  responseStatus: true,
  createdAt: true,
  deliveredAt: true,
} as const;

export async function listDestinations(projectId: string, cohortId: string): Promise<DestinationView[]> {
  const cohort = await cohortOf(projectId, cohortId);
  const { prisma } = connections();
  const rows = await prisma.cohortDestination.findMany({ where: { cohortId: cohort.id, projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return Promise.all(
    rows.map(async (row) => {
      const [deliveries, undelivered] = await Promise.all([
        prisma.cohortDelivery.findMany({ where: { destinationId: row.id }, orderBy: { id: "desc" }, take: LISTED_DELIVERIES, select: DELIVERY_FIELDS }),
        prisma.cohortDelivery.count({ where: { destinationId: row.id, status: { not: "delivered" } } }),
      ]);
      return { id: row.id, url: row.url, secret: maskSecret(row.secret), createdAt: row.createdAt.toISOString(), undelivered, deliveries: deliveries.map(deliveryView) };
    }),
  );
}

/** Adds a destination and stores its first delivery (every member) at once. */
export async function createDestination(projectId: string, cohortId: string, userId: string | null, input: DestinationInput): Promise<DestinationView> {
  const cohort = await cohortOf(projectId, cohortId);
  const { prisma } = connections();
  if ((await prisma.cohortDestination.count({ where: { cohortId: cohort.id } })) >= MAX_DESTINATIONS) {
    throw new ApiError(400, "too_many_destinations", `A cohort has at most ${MAX_DESTINATIONS} destinations.`);
  }
  const created = await prisma.cohortDestination.create({ data: { projectId, cohortId: cohort.id, url: input.url, secret: input.secret, createdById: userId } });
  if (await enqueueDeliveries(projectId, cohort.id, created.id)) void kickDeliveries();
  const [view] = (await listDestinations(projectId, cohort.id)).filter((d) => d.id === created.id);
  return view;
}

export async function deleteDestination(projectId: string, cohortId: string, destinationId: string): Promise<void> {
  const cohort = await cohortOf(projectId, cohortId);
  const { prisma } = connections();
  const found = typeof destinationId === "string" && destinationId.length <= 200 ? await prisma.cohortDestination.findFirst({ where: { id: destinationId, cohortId: cohort.id, projectId } }) : null;
  if (!found) throw new ApiError(404, "destination_not_found", "No such destination on this cohort.");
  // Said outright rather than left to the foreign keys' cascade (see deleteCohort).
  await prisma.$transaction([
    prisma.cohortSyncedMember.deleteMany({ where: { destinationId: found.id } }),
    prisma.cohortDelivery.deleteMany({ where: { destinationId: found.id } }),
    prisma.cohortDestination.delete({ where: { id: found.id } }),
  ]);
}
