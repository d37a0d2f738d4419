// The one error shape of every API answer (API.md): {"error": {code, message}} plus extras.
export interface ErrorBody {
  error: { code: string; message: string };
  [extra: string]: unknown;
}

/** An error meant for the client: carries its HTTP status and snake_case code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message }, ...this.extra };
  }
}

export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message }, ...extra };
}
