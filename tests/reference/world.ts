// The reference's model of what the server stores: messages (API.md 2.1) replayed in
// arrival order into events and persons, with identity stitching (API.md 2.4) and
// person properties. Pure: no database, no clock.
import { builtinsOf, type Builtins } from "./builtins";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A message as the tests send it. Always with a messageId and an explicit timestamp. */
export interface Message {
  type?: "track" | "identify" | "page" | "alias";
  event?: string;
  name?: string;
  properties?: JsonObject;
  traits?: JsonObject;
  userId?: string;
  anonymousId?: string;
  previousId?: string;
  /** The page, campaign, library, user agent and IP the built-in properties come from (builtins.ts). */
  context?: JsonObject;
  /** ISO 8601; never sentAt (it would move the time). */
  timestamp: string;
  messageId: string;
}

export interface RefEvent {
  /** Storage order (0, 1, 2, ...): batch order within a request, request order across. */
  arrival: number;
  messageId: string;
  event: string;
  ts: number;
  distinctId: string;
  /** The person the event counts for once every message is replayed (stitching is retroactive). */
  person: number;
  properties: JsonObject;
  /** Its built-in properties ($browser, $country...), missing ones left out. */
  builtins: Builtins;
}

export interface World {
  events: RefEvent[];
  /** Current properties of every person. */
  personProperties: Map<number, JsonObject>;
  /** Final person of every distinct id. */
  personOf: Map<string, number>;
  /**
   * Cohort id -> its members as stored by its last computation (a test sets
   * these after computing the cohorts; reports' cohort filters read them).
   */
  cohortMembers?: Map<string, Set<number>>;
}

interface Person {
  id: number;
  identified: boolean;
  properties: JsonObject;
}

const STORED_NAME = { page: "$pageview", identify: "$identify", alias: "$create_alias" } as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(source: JsonObject | undefined, key: string): JsonObject {
  const value = source?.[key];
  return isObject(value) ? value : {};
}

function unsetKeys(source: JsonObject | undefined): string[] {
  const value = source?.$unset;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (isObject(value)) return Object.keys(value);
  return [];
}

/**
 * Replays `requests` (each one POST /api/track body's messages, sent one after the
 * other) the way API.md says the server stores them.
 */
export function replay(requests: Message[][]): World {
  const persons = new Map<number, Person>();
  const personOf = new Map<string, number>();
  let nextPerson = 1;
  const seenMessageIds = new Set<string>();
  const stored: Omit<RefEvent, "person">[] = [];

  const create = (): Person => {
    const person: Person = { id: nextPerson++, identified: false, properties: {} };
    persons.set(person.id, person);
    return person;
  };
  const personById = (distinctId: string): Person | undefined => {
    const id = personOf.get(distinctId);
    return id === undefined ? undefined : persons.get(id);
  };
  const ensure = (distinctId: string, isUserId: boolean): Person => {
    let person = personById(distinctId);
    if (!person) {
      person = create();
      personOf.set(distinctId, person.id);
    }
    if (isUserId) person.identified = true;
    return person;
  };
  /** `other` joins `user`'s person; the user's person's properties win on conflicts. */
  const merge = (other: Person, user: Person) => {
    user.properties = { ...other.properties, ...user.properties };
    user.identified = true;
    for (const [distinctId, personId] of personOf) if (personId === other.id) personOf.set(distinctId, user.id);
    persons.delete(other.id);
  };
  /**
   * Joins `otherId` (identify's anonymousId, alias's previousId) to `userId`'s person.
   * identify never joins a person that already has a userId; alias always joins.
   */
  const link = (otherId: string, userId: string, always: boolean) => {
    const user = personById(userId);
    const other = personById(otherId);
    if (!user && !other) {
      const person = create();
      person.identified = true;
      personOf.set(userId, person.id);
      personOf.set(otherId, person.id);
    } else if (!other) {
      personOf.set(otherId, user!.id);
    } else if (!user) {
      if (other.identified && !always) {
        // The other id already belongs to another user: this user gets a person of its own.
        ensure(userId, true);
      } else {
        personOf.set(userId, other.id);
        other.identified = true;
      }
    } else if (user.id !== other.id) {
      if (other.identified && !always) return;
      merge(other, user);
    }
  };

  for (const request of requests) {
    for (const m of request) {
      if (seenMessageIds.has(m.messageId)) continue; // a repeat is not stored, and changes nothing
      seenMessageIds.add(m.messageId);
      const type = m.type ?? "track";
      const ts = Date.parse(m.timestamp);
      if (Number.isNaN(ts)) throw new Error(`bad timestamp ${m.timestamp}`);
      const distinctId = m.userId ?? m.anonymousId;
      if (!distinctId) throw new Error("a message needs userId or anonymousId");

      if (type === "identify" && m.userId && m.anonymousId && m.userId !== m.anonymousId) link(m.anonymousId, m.userId, false);
      if (type === "alias" && m.userId && m.previousId && m.userId !== m.previousId) link(m.previousId, m.userId, true);
      if (m.anonymousId) ensure(m.anonymousId, false);
      if (m.userId) ensure(m.userId, true);

      const properties: JsonObject = { ...(m.properties ?? {}) };
      if (type === "page" && m.name !== undefined && properties.name === undefined) properties.name = m.name;

      // Person properties: identify's traits are $set; $set/$set_once/$unset inside traits or properties.
      const traits = type === "identify" ? m.traits : undefined;
      const set: JsonObject = {};
      for (const [key, value] of Object.entries(traits ?? {})) if (!["$set", "$set_once", "$unset"].includes(key)) set[key] = value;
      Object.assign(set, objectAt(traits, "$set"), objectAt(m.properties, "$set"));
      const setOnce = { ...objectAt(traits, "$set_once"), ...objectAt(m.properties, "$set_once") };
      const unset = [...unsetKeys(traits), ...unsetKeys(m.properties)];
      const person = personById(distinctId)!;
      for (const [key, value] of Object.entries(setOnce)) if (!Object.hasOwn(person.properties, key)) person.properties[key] = value;
      Object.assign(person.properties, set);
      for (const key of unset) delete person.properties[key];

      const event = type === "track" ? m.event! : STORED_NAME[type];
      stored.push({ arrival: stored.length, messageId: m.messageId, event, ts, distinctId, properties, builtins: builtinsOf(properties, m.context) });
    }
  }

  const events = stored.map((e) => ({ ...e, person: personOf.get(e.distinctId)! }));
  const personProperties = new Map<number, JsonObject>();
  for (const person of persons.values()) personProperties.set(person.id, person.properties);
  return { events, personProperties, personOf };
}
