import Link from "next/link";
import { RANGE_PRESETS, type RangePreset } from "@/lib/query/ranges";

export function RangePicker({ basePath, current }: { basePath: string; current: RangePreset }) {
  return (
    <nav aria-label="Date range" className="inline-flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
      {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((preset) => (
        <Link
          key={preset}
          href={`${basePath}?range=${preset}`}
          aria-current={preset === current ? "true" : undefined}
          title={RANGE_PRESETS[preset].label}
          className={`rounded px-3 py-1.5 text-sm font-medium ${preset === current ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {preset}
        </Link>
      ))}
    </nav>
  );
}
