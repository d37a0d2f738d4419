-- PostgreSQL only. A breakdown, a property filter or a property's math over a
-- range read each matching event's row for its properties: one heap page per
-- row, about 3.5 us each, 1.8 s for a 30-day breakdown at 10M events
-- (bench/RESULTS.md). SQLite's (project, event, ts, person) index carries the
-- properties (20261202170000); PostgreSQL's B-tree refuses entries over
-- 2.7 kB, so here a partial index carries them only for events whose
-- properties are under 250 characters of JSON (99% of the benchmark's; their
-- binary form is at most about 4 times that, with room left for a 200-character
-- event name), and a second partial index finds the others, whose rows are
-- read. lib/query/sqlDialect.ts (eventsWithProperties) reads both, with the
-- conditions spelled exactly as here.
--
-- Not in models.prisma, which cannot express partial indexes; a generated
-- migration leaves them alone.

-- CreateIndex
CREATE INDEX "events_small_properties_idx" ON "events"("project_id", "event", "ts", "person_id") INCLUDE ("properties")
    WHERE octet_length(properties::text) < 250;

-- CreateIndex
CREATE INDEX "events_large_properties_idx" ON "events"("project_id", "event", "ts")
    WHERE octet_length(properties::text) >= 250;
