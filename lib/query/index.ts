// lib/query: every read of the hot tables. Pages and API routes call these; none has SQL of its own.
export { listEvents, streamEvents, parseEventsQuery, type EventRecord, type EventsQuery } from "./events";
export { overview, hasAnyEvent, OVERVIEW_TIMEOUT_ADVICE, type Overview, type OverviewOptions, type OverviewRange } from "./overview";
export { timeBuckets, type Interval, type Bucket } from "./timeBuckets";
export { RANGE_PRESETS, resolveRange, isRangePreset, type RangePreset } from "./ranges";
export { jsonColumn } from "./json";
export { bucketLabel, dateTimeLabel, incompleteBucketIndex } from "./labels";
export { runReport, parseReport, withinReportLimit, type ReportResult } from "./report";
export { reportContext, type ReportContext } from "./context";
export * from "./model";
export { overviewTables, TOP_COLUMNS, TOPS_COUNT_EVENT, type OverviewTables, type TopColumn, type TopRow } from "./breakdowns";
