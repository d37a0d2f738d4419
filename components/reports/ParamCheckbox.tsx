"use client";

import { useEffect, useState } from "react";
import { useReportNavigation } from "./ReportNavigation";

/** An on/off option kept in the address as param=1 (shown at once, before the new report arrives). */
export function ParamCheckbox({ param, checked, label, hint }: { param: string; checked: boolean; label: string; hint?: string }) {
  const nav = useReportNavigation();
  const [on, setOn] = useState(checked);
  useEffect(() => setOn(checked), [checked]);
  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700" title={hint}>
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          setOn(e.target.checked);
          nav.go({ [param]: e.target.checked ? "1" : null });
        }}
        className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
      />
      {label}
    </label>
  );
}
