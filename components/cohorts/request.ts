// The cohort pages talk to the cohorts API (API.md 5) with the session's
// cookie: one place that sends a request and reads the answer or its error.

export type ApiAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string; message: string };

export function cohortsUrl(projectId: string, path = ""): string {
  return `/api/projects/${encodeURIComponent(projectId)}/cohorts${path}`;
}

export async function cohortRequest<T>(url: string, method: string, body?: unknown): Promise<ApiAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      cache: "no-store",
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, code: "unreachable", message: "The server could not be reached. Check the connection and try again." };
  }
  const parsed = (await response.json().catch(() => null)) as (T & { error?: { code?: unknown; message?: unknown } }) | null;
  if (response.ok && parsed !== null) return { ok: true, status: response.status, body: parsed };
  const error = parsed?.error;
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === "string" ? error.code : "http_error",
    message: typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`,
  };
}
