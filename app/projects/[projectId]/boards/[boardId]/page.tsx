import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateTime } from "luxon";
import { BoardView, type ViewRange } from "@/components/boards/BoardView";
import { flatParams, type SearchParams } from "@/components/reports/params";
import { resolveReportRange } from "@/components/reports/range";
import { ReportNavigation } from "@/components/reports/ReportNavigation";
import { pickerCatalog, PICKER_SEED } from "@/components/reports/vocabulary";
import { can } from "@/lib/auth";
import { BOARD_RANGES, getBoard, isDateOnly, resolveBoardRange, type BoardDetail } from "@/lib/boards";
import { listCohorts } from "@/lib/cohorts";
import { ApiError } from "@/lib/http/errors";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import { catalog } from "@/lib/query/properties";
import { listSavedReports, REPORT_KINDS } from "@/lib/reports/saved";

export const metadata: Metadata = { title: "Board" };
export const dynamic = "force-dynamic";

/** The range the page shows: the address's when it names one (range= or from=&to=), else the board's own. */
function viewRange(board: BoardDetail, search: Record<string, string | undefined>, zone: string): ViewRange {
  if (search.range || search.from || search.to) {
    const r = resolveReportRange(search, zone);
    return {
      preset: r.preset,
      fromDate: r.fromDate,
      toDate: r.toDate,
      label: r.label,
      request: r.preset ? { range: r.preset } : { from: r.fromDate, to: r.toDate },
    };
  }
  const own = resolveBoardRange(board, zone);
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate()!;
  const custom = board.from && board.to;
  return {
    preset: custom ? null : BOARD_RANGES[board.range ?? "last_30_days"],
    fromDate: custom && isDateOnly(board.from!) ? board.from! : day(own.from),
    toDate: custom && isDateOnly(board.to!) ? board.to! : day(Math.max(own.from, own.to - 1)),
    label: own.label,
    request: {},
  };
}

export default async function BoardPage({ params, searchParams }: { params: Promise<{ projectId: string; boardId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId, boardId } = await params;
  const { user, project } = await projectPageContext(projectId, `/projects/${projectId}/boards/${boardId}`);
  const board = await getBoard(project.id, boardId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const search = flatParams(await searchParams);
  const ctx = reportContext(project);
  const [properties, cohorts, saved] = await Promise.all([
    catalog(ctx, PICKER_SEED),
    listCohorts(project.id),
    Promise.all(REPORT_KINDS.map((kind) => listSavedReports(user.id, project.id, kind))),
  ]);
  const picker = pickerCatalog(project.id, { ...properties, cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })) });
  return (
    <ReportNavigation>
      <BoardView
        projectId={project.id}
        board={board}
        canEdit={can(project.role, "manage_boards")}
        timezone={project.timezone}
        catalog={picker}
        range={viewRange(board, search, project.timezone)}
        savedReports={saved.flat().map((r) => ({ id: r.id, kind: r.kind, name: r.name }))}
      />
    </ReportNavigation>
  );
}
