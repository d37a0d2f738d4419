// Imported first by clickhouseReports.test.ts (before reports.test.ts) and by
// clickhouseExperiments.test.ts (before experiments.test.ts): the suite then
// runs with the server's events copied to ClickHouse (see there).
process.env.CRUMBTRAIL_REPORTS_ON_CLICKHOUSE = "1";
