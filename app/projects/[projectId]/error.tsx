"use client";

import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";

export default function ProjectError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-12">
      <Notice tone="error">
        This page could not be loaded{error.digest ? ` (reference ${error.digest})` : ""}. The server logged the details.
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
