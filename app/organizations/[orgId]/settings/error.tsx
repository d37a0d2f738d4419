"use client";

import Link from "next/link";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";

export default function OrganizationSettingsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 px-4 py-12">
      <Notice tone="error">
        The organization settings could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}. The server logged the details.
      </Notice>
      <div className="flex gap-3">
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
        <Link href="/projects" className="self-center text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Go to your projects
        </Link>
      </div>
    </div>
  );
}
