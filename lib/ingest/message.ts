// The Segment-spec message of API.md 2.1, validated with zod. Objects the client
// sends (properties, traits, context) are checked, never copied key by key, so a
// "__proto__" key stays an ordinary key and cannot reach any prototype.
import { z } from "zod";

export const MESSAGE_TYPES = ["track", "identify", "page", "screen", "group", "alias"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const jsonObject = z.custom<JsonObject>(isPlainObject, { message: "must be a JSON object" });

/** userId, anonymousId and friends: strings or numbers, kept as strings; empty means absent. */
const distinctId = z
  .union([z.string(), z.number().finite()], { message: "must be a string or a number" })
  .transform((value) => String(value).trim())
  .pipe(z.string().max(200, { message: "must be at most 200 characters" }))
  .nullish()
  .transform((value) => (value ? value : null));

const instant = z.union([z.string(), z.number().finite()], {
  message: "must be an ISO 8601 date or epoch milliseconds",
});

export const messageSchema = z
  .object({
    type: z.enum(MESSAGE_TYPES, { message: `must be one of ${MESSAGE_TYPES.join(", ")}` }).optional(),
    event: z
      .string({ message: "must be a string" })
      .min(1, { message: "must not be empty" })
      .max(200, { message: "must be at most 200 characters" })
      .optional(),
    name: z.string({ message: "must be a string" }).max(500).nullish(),
    properties: jsonObject.nullish(),
    traits: jsonObject.nullish(),
    userId: distinctId,
    anonymousId: distinctId,
    previousId: distinctId,
    groupId: distinctId,
    timestamp: instant.nullish(),
    sentAt: instant.nullish(),
    messageId: z
      .union([z.string(), z.number().finite()], { message: "must be a string" })
      .transform((value) => String(value))
      .pipe(z.string().min(1).max(200, { message: "must be at most 200 characters" }))
      .nullish(),
    context: jsonObject.nullish(),
  })
  .superRefine((message, ctx) => {
    const type = message.type ?? (message.event !== undefined ? "track" : undefined);
    if (!type) {
      ctx.addIssue({ code: "custom", path: ["type"], message: "is required (or send an event name for a track)" });
      return;
    }
    if (type === "track" && message.event === undefined) {
      ctx.addIssue({ code: "custom", path: ["event"], message: "is required for a track message" });
    }
    if (!message.userId && !message.anonymousId) {
      ctx.addIssue({ code: "custom", path: ["userId"], message: "or anonymousId is required" });
    }
    if (type === "alias" && !message.previousId) {
      ctx.addIssue({ code: "custom", path: ["previousId"], message: "is required for an alias message" });
    }
    if (type === "group" && !message.groupId) {
      ctx.addIssue({ code: "custom", path: ["groupId"], message: "is required for a group message" });
    }
  });

export type Message = z.output<typeof messageSchema>;
