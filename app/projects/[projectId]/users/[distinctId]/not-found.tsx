"use client";

import Link from "next/link";
import { useParams } from "next/navigation";

export default function UserNotFound() {
  const params = useParams<{ projectId: string; distinctId: string }>();
  let id = params.distinctId ?? "";
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep it as it is
  }
  return (
    <div className="mx-auto max-w-xl space-y-3 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">No such user</h1>
      <p className="text-slate-600">
        No person in this project has the id <span className="font-mono break-all text-slate-900">{id}</span>. It may have been erased, or events from it have not
        arrived yet.
      </p>
      <Link href={`/projects/${params.projectId}/users`} className="inline-block font-semibold text-indigo-600 hover:text-indigo-500">
        Search users
      </Link>
    </div>
  );
}
