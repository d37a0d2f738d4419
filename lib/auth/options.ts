// next-auth configuration: email + password always; GitHub and Google when
// their credentials are configured. JWT sessions (no session table to sweep).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { config } from "../config";
import { clientAddress } from "../http/clientAddress";
import { safeReturnPath } from "../http/safeRedirect";
import { userForOAuth, verifyCredentials } from "./accounts";
import { authSecret } from "./secret";
import { endSessions, sessionStillValid, sessionVersionOf } from "./sessionVersion";
import { startSignIn } from "./signInThrottle";

function providers(): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = String(credentials?.email ?? "").trim();
        // The address this server vouches for (TRUSTED_PROXIES), never X-Forwarded-For as sent.
        const address = clientAddress(request?.headers ?? {});
        const attempt = startSignIn(email, address);
        const user = await verifyCredentials(credentials?.email, credentials?.password);
        if (user) attempt.succeeded();
        return user;
      },
    }),
  ];
  const { github, google } = config();
  if (github) list.push(GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret }));
  if (google) list.push(GoogleProvider({ clientId: google.clientId, clientSecret: google.clientSecret }));
  return list;
}

export function oauthProviders(): { id: string; name: string }[] {
  const { github, google } = config();
  return [...(github ? [{ id: "github", name: "GitHub" }] : []), ...(google ? [{ id: "google", name: "Google" }] : [])];
}

let cached: NextAuthOptions | null = null;

export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: providers(),
    callbacks: {
      // Where next-auth sends the browser after signing in or out: only back to
      // this site, by the same rule as the sign-in page (lib/http/safeRedirect.ts).
      redirect({ url, baseUrl }) {
        return new URL(safeReturnPath(url, "/projects", baseUrl), baseUrl).toString();
      },
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        const linked = await userForOAuth({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          type: account.type,
          email: user.email ?? profile?.email,
          name: user.name,
          image: user.image,
        });
        if (!linked) return "/signin?error=OAuthNoEmail";
        user.id = linked.id;
        return true;
      },
      // At sign-in the token takes the user's current session version; ending
      // their sessions later (lib/auth/sessionVersion.ts) makes it stale.
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sessionVersion = (await sessionVersionOf(user.id)) ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) Object.assign(session.user, { id: token.sub, sessionVersion: token.sessionVersion ?? 0 });
        return session;
      },
    },
    events: {
      // Signing out ends every session of the user, not only this browser's:
      // a copied token stops working too. A token already stale changes nothing.
      async signOut({ token }) {
        if (!token?.sub) return;
        const current = await sessionVersionOf(token.sub);
        if (current !== null && sessionStillValid(token.sessionVersion, current)) await endSessions(token.sub);
      },
    },
  };
  return cached;
}
