import type { ReactNode } from "react";
import { Logo } from "@/components/ui/Logo";
import { SignOutButton } from "./SignOutButton";

export function TopBar({ email, children }: { email: string; children?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Logo compact />
        <div className="flex min-w-0 flex-1 items-center gap-3">{children}</div>
        <span className="hidden truncate text-sm text-slate-500 sm:inline" title={email}>
          {email}
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
