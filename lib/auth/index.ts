// lib/auth: accounts, sessions, permissions and API access.
export { authOptions, oauthProviders } from "./options";
export { currentUser, requireUser } from "./session";
export { AccountError, createUser, signUp, signUpSchema, verifyCredentials, type AccountUser } from "./accounts";
export { SignUpThrottled } from "./signUpThrottle";
export { ACTIONS, can, isRole, ROLE_LABELS, roleRank, ROLES, type Action, type Role } from "./permissions";
export { authorizeProject, type ProjectAccess } from "./projectAccess";
export { authSecret } from "./secret";
