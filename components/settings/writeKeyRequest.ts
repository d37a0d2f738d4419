// The browser's side of POST /api/projects/{id}/write-key (docs/api.md section 1):
// the answer turned into what the Settings page says.
import { z } from "zod";

export type RotateOutcome = { ok: true; writeKey: string } | { ok: false; message: string };

const success = z.object({ writeKey: z.string().min(1) });
const failure = z.object({ error: z.object({ message: z.string() }) });

export async function rotateWriteKeyResult(projectId: string, currentKey: string): Promise<RotateOutcome> {
  let response: Response;
  try {
    response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/write-key`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ current: currentKey }),
    });
  } catch {
    return { ok: false, message: "The server could not be reached; the key was not changed." };
  }
  const body: unknown = await response.json().catch(() => null);
  const done = success.safeParse(body);
  if (response.ok && done.success) return { ok: true, writeKey: done.data.writeKey };
  const refused = failure.safeParse(body);
  return { ok: false, message: refused.success ? refused.data.error.message : "That did not work; the key was not changed." };
}
