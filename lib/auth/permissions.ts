// Who may do what in a project: one table, asked by every route and action.
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "view_reports"
  | "manage_keys"
  | "manage_members"
  | "change_settings"
  | "delete_data"
  | "delete_project";

const ALLOWED: Record<Action, readonly Role[]> = {
  view_reports: ["owner", "admin", "member", "viewer"],
  manage_keys: ["owner", "admin"],
  manage_members: ["owner", "admin"],
  change_settings: ["owner", "admin"],
  delete_data: ["owner", "admin"],
  delete_project: ["owner"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: string, action: Action): boolean {
  return isRole(role) && ALLOWED[action].includes(role);
}
