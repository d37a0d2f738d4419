// Who may do what: one table, asked by every route, page and server action.
// A person has one role per organization, and it is their role in every
// project of that organization.
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "view_reports",
  "save_reports",
  "manage_cohorts",
  "manage_tracking_plan",
  "manage_experiments",
  "manage_boards",
  "view_members",
  "manage_keys",
  "manage_members",
  "change_settings",
  "create_project",
  "delete_data",
  "delete_project",
  "view_audit_log",
  "transfer_ownership",
] as const;
export type Action = (typeof ACTIONS)[number];

const ALLOWED: Record<Action, readonly Role[]> = {
  view_reports: ["owner", "admin", "member", "viewer"],
  save_reports: ["owner", "admin", "member"],
  /** Create, change, recompute and delete cohorts (API.md 5): whoever may save reports. */
  manage_cohorts: ["owner", "admin", "member"],
  /** Change the tracking plan and replay its quarantine (API.md 7): admins, as it decides what is stored. */
  manage_tracking_plan: ["owner", "admin"],
  /** Create, change and delete experiments (API.md 6): whoever may save reports. */
  manage_experiments: ["owner", "admin", "member"],
  /** Create, change, share and delete boards (API.md 8): whoever may save reports. */
  manage_boards: ["owner", "admin", "member"],
  view_members: ["owner", "admin", "member", "viewer"],
  manage_keys: ["owner", "admin"],
  manage_members: ["owner", "admin"],
  change_settings: ["owner", "admin"],
  create_project: ["owner", "admin"],
  delete_data: ["owner", "admin"],
  delete_project: ["owner"],
  view_audit_log: ["owner", "admin"],
  transfer_ownership: ["owner"],
};

/** What each role is called on screen, and what it may do, in one sentence. */
export const ROLE_LABELS: Record<Role, { label: string; summary: string }> = {
  owner: { label: "Owner", summary: "Everything, including deleting projects and transferring ownership." },
  admin: { label: "Admin", summary: "Manages members, invitations, keys and settings; cannot touch owners." },
  member: { label: "Member", summary: "Uses every report, saves reports and manages cohorts." },
  viewer: { label: "Viewer", summary: "Looks at reports; changes nothing." },
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: string, action: Action): boolean {
  return isRole(role) && Object.hasOwn(ALLOWED, action) && ALLOWED[action].includes(role);
}

/** owner 3, admin 2, member 1, viewer 0; -1 for anything else. */
export function roleRank(role: string): number {
  return isRole(role) ? ROLES.length - 1 - ROLES.indexOf(role) : -1;
}
