// The Data quality page's calls to the tracking-plan API with the signed-in
// session: each answers what happened or the server's own error sentence.
export type PlanCallResult<T> = { ok: true; body: T } | { ok: false; message: string };

export async function planRequest<T>(projectId: string, path: string, method: "PUT" | "POST", body?: unknown): Promise<PlanCallResult<T>> {
  try {
    const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/tracking-plan${path}`, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, body: answer as T };
    const message = (answer as { error?: { message?: unknown } } | null)?.error?.message;
    return { ok: false, message: typeof message === "string" ? message : `The server answered ${response.status}.` };
  } catch {
    return { ok: false, message: "The server could not be reached; try again." };
  }
}
