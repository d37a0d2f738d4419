// GET /projects/{projectId}/events/export?<the Events page's params>: the trends
// table as CSV, from the same query the page shows (same spec, same range).
import { flatParams, SpecProblem } from "@/components/reports/params";
import { resolveReportRange } from "@/components/reports/range";
import { computeTrends } from "@/components/reports/trends/compute";
import { csvLine, fileSlug } from "@/components/reports/trends/csv";
import { bucketStamp, readTrendsSpec } from "@/components/reports/trends/spec";
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle } from "@/lib/http/respond";
import { reportContext } from "@/lib/query/context";
import { catalogPage } from "@/lib/query/properties";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const search = flatParams(Object.fromEntries(new URL(request.url).searchParams));
    const ctx = reportContext({ id: access.projectId, timezone: access.timezone });
    const range = resolveReportRange(search, access.timezone);
    const first = await catalogPage(ctx, "events", { limit: 1 });
    let spec;
    try {
      spec = readTrendsSpec(search, first.items[0]?.name ?? null);
    } catch (error) {
      if (error instanceof SpecProblem) throw new ApiError(400, "invalid_query", error.message);
      throw error;
    }
    if (!spec.series.length) throw new ApiError(400, "invalid_query", "This project has no events to export yet.");
    const outcome = await computeTrends(ctx, spec, range);
    const header = ["Series", "Total", ...(spec.compare ? ["Previous period total"] : []), ...outcome.stamps.map((t) => bucketStamp(t, outcome.interval, access.timezone))];
    const lines = [csvLine(header)];
    for (const row of outcome.rows) {
      lines.push(csvLine([row.name, row.total, ...(spec.compare ? [row.previousTotal ?? 0] : []), ...row.values]));
    }
    const filename = `${fileSlug(access.name)}-trends-${range.fromDate}-to-${range.toDate}.csv`;
    return new Response(lines.join("\r\n") + "\r\n", {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
