// GET /api/projects/{projectId}/tracking-plan: the plan (API.md 7), or with
// ?format=segment as Segment Protocols' JSON; PUT replaces it (admins, or the
// project's secret key), taking Segment's JSON with ?format=segment.
import { authorizeProject } from "@/lib/auth";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";
import { getPlan, parsePlan, parseSegmentPlan, savePlan, segmentExport } from "@/lib/plan";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

/** A plan of 1000 events with their rules stays well below this. */
const MAX_PLAN_BYTES = 2 * 1024 * 1024;

function isSegment(request: Request): boolean {
  return new URL(request.url).searchParams.get("format") === "segment";
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    if (isSegment(request)) return json(await segmentExport(access.projectId), 200, { "Cache-Control": "no-store" });
    const stored = await getPlan(access.projectId);
    return json({ ...stored.plan, version: stored.version, updatedAt: stored.updatedAt }, 200, { "Cache-Control": "no-store" });
  });
}

export async function PUT(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId, "manage_tracking_plan");
    const body = await readJsonRequest(request, MAX_PLAN_BYTES, "a tracking plan");
    // The answer's own version and updatedAt may come back in a PUT (a pulled file pushed again).
    const plan = isSegment(request) ? await parseSegmentPlan(access.projectId, body) : parsePlan(withoutMetadata(body));
    const stored = await savePlan(access.projectId, plan, access.userId);
    return json({ ...stored.plan, version: stored.version, updatedAt: stored.updatedAt });
  });
}

function withoutMetadata(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { version: _version, updatedAt: _updatedAt, ...plan } = body as Record<string, unknown>;
  return plan;
}
