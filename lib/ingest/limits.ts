// Ingestion limits of API.md section 2.3.
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_MESSAGES_PER_REQUEST = 1000;
/** Deeper JSON than this in one message is refused: nobody's analytics needs it. */
export const MAX_JSON_DEPTH = 32;
/**
 * Deeper nesting than this anywhere in a body refuses the whole request before
 * it is parsed: JSON.parse of 1 MB of "[[[[..." costs ~300-600 ms of the
 * server's one thread. It leaves room for the envelope ({"batch": [...]}) and
 * for a message a little too deep, which still gets its own per-message error.
 */
export const MAX_BODY_DEPTH = 2 * MAX_JSON_DEPTH;
/**
 * How far an event's time (after clock-skew correction) may lie from when it
 * was received. Further back than ten years is no analytics anyone sends live;
 * more than a day ahead is a broken clock or a unit mistake (seconds as ms, µs).
 * Both limits keep every stored time a valid date for every read path.
 */
export const MAX_EVENT_AGE_MS = 10 * 365.25 * 24 * 3600 * 1000;
export const MAX_EVENT_LEAD_MS = 24 * 3600 * 1000;
