"use client";

import Link from "next/link";
import { useParams } from "next/navigation";

export default function CohortNotFound() {
  const params = useParams<{ projectId: string }>();
  return (
    <div className="mx-auto max-w-xl space-y-3 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">No such cohort</h1>
      <p className="text-slate-600">This project has no cohort at this address. It may have been deleted.</p>
      <Link href={`/projects/${params.projectId}/cohorts`} className="inline-block font-semibold text-indigo-600 hover:text-indigo-500">
        See the cohorts
      </Link>
    </div>
  );
}
