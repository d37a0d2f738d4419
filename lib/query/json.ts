// JSON columns come back as text from SQLite and already parsed from Postgres.
export function jsonColumn<T = Record<string, unknown>>(value: unknown): T {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as T;
    } catch {
      return {} as T;
    }
  }
  return (value ?? {}) as T;
}
