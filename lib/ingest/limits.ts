// Ingestion limits of API.md section 2.3.
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_MESSAGES_PER_REQUEST = 1000;
/** Deeper JSON than this in one message is refused: nobody's analytics needs it. */
export const MAX_JSON_DEPTH = 32;
