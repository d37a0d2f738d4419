// The reference suite of reports.test.ts on ClickHouse (API.md 9): the same
// seeded data and queries, the server copying its events to ClickHouse (one
// node beside SQLite, a two-shard cluster beside PostgreSQL), and every report
// the ClickHouse dialect compiles answered there, equal to the reference.
// The first import sets the switch the suite reads when it is imported second.
import "../support/reportsOnClickHouse";
import "./reports.test";
