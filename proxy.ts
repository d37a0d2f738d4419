// Sends signed-out visitors of dashboard pages to sign-in, to come back after.
// (Pages check membership themselves; this only spares them a render.)
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = await getToken({ req: request, secret: authSecret() });
  if (token) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/projects", "/projects/:path*", "/organizations/:path*"],
};
