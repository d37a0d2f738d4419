import type { Metadata } from "next";
import { ConfirmEmailForm } from "@/components/auth/ConfirmEmailForm";
import { safeReturnPath } from "@/lib/http/safeRedirect";

// The token is in the address: never send it on as a referrer.
export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Confirm your email address</h1>
      <ConfirmEmailForm token={token} next={safeReturnPath(params.next)} />
    </>
  );
}
