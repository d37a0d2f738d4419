import Link from "next/link";

export default function ProjectNotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Project not found</h1>
      <p className="mt-2 text-slate-600">It does not exist, or you are not a member of it.</p>
      <Link href="/projects" className="mt-6 inline-block font-semibold text-indigo-600 hover:text-indigo-500">
        Back to your projects
      </Link>
    </main>
  );
}
