"use client";

import { signIn } from "next-auth/react";
import { buttonClass } from "@/components/ui/Button";

export function OAuthButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (!providers.length) return null;
  return (
    <div className="mt-6 space-y-2">
      <p className="text-center text-xs uppercase tracking-wide text-slate-400">or</p>
      {providers.map((p) => (
        <button key={p.id} type="button" className={buttonClass("secondary", "w-full")} onClick={() => signIn(p.id, { callbackUrl })}>
          Continue with {p.name}
        </button>
      ))}
    </div>
  );
}
