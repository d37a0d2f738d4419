// Events the SDKs send to tie ids together ($identify links an anonymous id to
// a user id), not steps anyone takes: paths and event pickers keep them out of
// the way unless asked for. The API hides nothing.

export const IDENTITY_EVENTS: readonly string[] = ["$identify", "$create_alias", "$groupidentify"];

export function isIdentityEvent(name: string): boolean {
  return IDENTITY_EVENTS.includes(name);
}
