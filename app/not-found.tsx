import Link from "next/link";
import { Logo } from "@/components/ui/Logo";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
      <Logo href="/" />
      <h1 className="mt-10 text-2xl font-semibold">Not found</h1>
      <p className="mt-2 max-w-md text-slate-600">This page does not exist, or it belongs to a project you are not a member of.</p>
      <Link href="/projects" className="mt-6 font-semibold text-indigo-600 hover:text-indigo-500">
        Go to your projects
      </Link>
    </main>
  );
}
