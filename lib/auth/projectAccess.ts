// Who is asking for a project's data on an API route (API.md section 3): a
// member's session, or `Authorization: Bearer <secret key>` of that project.
// Someone else's project is reported as not found, never as forbidden.
import { ApiError } from "../http/errors";
import { isSameOriginRequest } from "../http/sameOrigin";
import { connections } from "../db";
import { memberProject, projectIdForSecretKey } from "../projects";
import { can, type Action } from "./permissions";
import { currentUser } from "./session";

export interface ProjectAccess {
  projectId: string;
  timezone: string;
  name: string;
  via: "secret_key" | "session";
  userId: string | null;
}

/** Secret keys may read, export and delete data, and manage cohorts, the tracking plan, experiments and boards (API.md 1); nothing else. */
const SECRET_KEY_ACTIONS: ReadonlySet<Action> = new Set(["view_reports", "delete_data", "manage_cohorts", "manage_tracking_plan", "manage_experiments", "manage_boards"]);

function notFound(): ApiError {
  return new ApiError(404, "project_not_found", "No such project, or it is not yours.");
}

export async function authorizeProject(request: Request, projectId: string, action: Action = "view_reports"): Promise<ProjectAccess> {
  const authorization = request.headers.get("authorization") ?? "";
  if (/^bearer\s/i.test(authorization)) {
    const keyProject = await projectIdForSecretKey(authorization.slice(7).trim());
    if (!keyProject) throw new ApiError(401, "invalid_secret_key", "This secret key is unknown or revoked.");
    if (keyProject !== projectId) throw notFound();
    if (!SECRET_KEY_ACTIONS.has(action)) throw new ApiError(403, "forbidden", "Secret keys cannot do this; sign in instead.");
    const project = await connections().prisma.project.findUnique({ where: { id: projectId } });
    if (!project) throw notFound();
    return { projectId, timezone: project.timezone, name: project.name, via: "secret_key", userId: null };
  }
  // A session rides on a cookie the browser attaches by itself: a state change
  // with it must come from our own pages (CSRF). Bearer keys are never implicit.
  if (!isSameOriginRequest(request)) {
    throw new ApiError(403, "cross_origin_request", "This request came from another site's page; it was refused.");
  }
  const user = await currentUser();
  if (!user) {
    throw new ApiError(401, "unauthenticated", "Sign in, or send Authorization: Bearer <secret key> of this project.");
  }
  const project = await memberProject(user.id, projectId);
  if (!project) throw notFound();
  if (!can(project.role, action)) throw new ApiError(403, "forbidden", "Your role in this project does not allow that.");
  return { projectId, timezone: project.timezone, name: project.name, via: "session", userId: user.id };
}
