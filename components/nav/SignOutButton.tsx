"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      onClick={async () => {
        await signOut({ redirect: false });
        router.replace("/signin");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
