// Imported before tests/integration/reports.test.ts by clickhouseReports.test.ts:
// the suite then runs with the server's events copied to ClickHouse (see there).
process.env.CRUMBTRAIL_REPORTS_ON_CLICKHOUSE = "1";
