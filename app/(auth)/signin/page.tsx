import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { OAuthButtons } from "@/components/auth/OAuthButtons";
import { SignInForm } from "@/components/auth/SignInForm";
import { currentUser, oauthProviders } from "@/lib/auth";
import { safeReturnPath } from "@/lib/http/safeRedirect";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  OAuthNoEmail: "That account did not share an email address with us, so we cannot sign you in with it.",
  OAuthAccountNotLinked: "Sign in with the method you used first.",
  CredentialsSignin: "Wrong email or password.",
  SignUpThenSignIn: "Sign in to continue. If this email already had an account, use that account's password.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const error = params.error ? (ERRORS[params.error] ?? "Sign-in failed; try again.") : null;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Sign in to Crumbtrail</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
      <OAuthButtons providers={oauthProviders()} callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New here?{" "}
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
          Create an account
        </Link>
      </p>
    </>
  );
}
