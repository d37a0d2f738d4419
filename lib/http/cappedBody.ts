// Reading a request's body with a size cap, before a byte of it is used: the
// JSON bodies of the read API (jsonBody.ts), ingestion's raw batches
// (lib/ingest/body.ts), a cohort's uploaded list. request.json() or
// arrayBuffer() read whatever arrives.
import { ApiError } from "./errors";

/** "256 KB", "1 MB": the cap as a person reads it. */
function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The 413 every capped body reader answers, the cap said in words. */
export function payloadTooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", `The request body is over ${sizeInWords(maxBytes)}.`, { maxBytes });
}

/**
 * How much of an oversized body is still read (and thrown away) before the 413
 * goes out. A server that stops reading and closes while the client is still
 * sending makes the kernel reset the connection, and the reset can destroy the
 * 413 before the client reads it: the client sees a dropped connection instead
 * of an answer. Reading on, as far again as the cap, lets a body up to twice
 * the cap get its answer; a body far over it is cut off.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  try {
    let drained = 0;
    while (drained <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to answer.
  }
}

/** The body's bytes, refused with 413 as soon as it is known to be over `maxBytes` (declared length or bytes read). */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await drain(reader, maxBytes);
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}
