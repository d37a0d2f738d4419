"use client";

import { useEffect, useState } from "react";
import { SelectField } from "@/components/ui/Field";

/** Time zone picker that starts on the browser's own zone when creating. */
export function TimeZoneSelect({ zones, defaultValue, guess = false, error }: { zones: string[]; defaultValue: string; guess?: boolean; error?: string | null }) {
  const [value, setValue] = useState(defaultValue);
  useEffect(() => {
    if (!guess) return;
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (local && zones.includes(local)) setValue(local);
  }, [guess, zones]);
  return (
    <SelectField id="timezone" label="Time zone" value={value} onChange={(e) => setValue(e.target.value)} error={error} hint="Days and weeks in reports start in this zone.">
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </SelectField>
  );
}
