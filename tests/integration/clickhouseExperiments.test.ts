// The experiments suite's results on ClickHouse (API.md 6 and 9): the same
// traffic and reference, the server copying its events to ClickHouse (one node
// beside SQLite, a two-shard cluster beside PostgreSQL), every answer read there.
// The first import sets the switch the suite reads when it is imported second.
import "../support/reportsOnClickHouse";
import "./experiments.test";
