// GET /api/health: 200 once the database can be read and written, 503 otherwise.
import { databaseHealthy } from "@/lib/store/health";
import { json } from "@/lib/http/respond";
import { errorBody } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const problem = await databaseHealthy();
  return problem ? json({ ok: false, ...errorBody("database_unavailable", problem) }, 503) : json({ ok: true });
}
