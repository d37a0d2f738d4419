"use client";

// Adds a tile to the board: a note (Markdown), a saved report, or a quick
// trend of one event. Any other report comes from its page's "Add to board".
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { MATH_LABELS, MATHS, type PickerCatalog } from "@/components/reports/vocabulary";
import type { TileInput } from "@/lib/boards";
import type { SeriesMath } from "@/lib/query/model";

export interface SavedReportChoice {
  id: string;
  kind: string;
  name: string;
}

type Kind = "trend" | "saved" | "text";

export function AddTile({ catalog, savedReports, onAdd, bottom }: { catalog: PickerCatalog; savedReports: SavedReportChoice[]; onAdd: (tile: TileInput) => void; bottom: number }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("trend");
  const [event, setEvent] = useState(catalog.events[0] ?? "");
  const [math, setMath] = useState<SeriesMath>("total");
  const [saved, setSaved] = useState(savedReports[0]?.id ?? "");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const place = { x: 0, y: bottom, w: 6, h: kind === "text" ? 3 : 5 };
    if (kind === "text") {
      if (!text.trim()) return setError("Write the note.");
      onAdd({ ...place, ...(title.trim() ? { title: title.trim() } : {}), text });
    } else if (kind === "saved") {
      const report = savedReports.find((r) => r.id === saved);
      if (!report) return setError("Pick a saved report.");
      onAdd({ ...place, title: title.trim() || report.name, savedReportId: report.id });
    } else {
      if (!event) return setError("Pick an event.");
      if (MATH_LABELS[math].needsProperty) return setError("Pick a count that needs no property, or add this report from the Trends page.");
      onAdd({ ...place, title: title.trim() || `${event} (${MATH_LABELS[math].label.toLowerCase()})`, report: { kind: "trends", interval: "day", series: [{ event, math }] } });
    }
    setError(null);
    setTitle("");
    setText("");
    setOpen(false);
  }

  if (!open) {
    return (
      <Button type="button" onClick={() => setOpen(true)}>
        Add tile
      </Button>
    );
  }
  return (
    <form onSubmit={submit} className="w-full max-w-xl space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label="Add a tile">
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-800">Tile</legend>
        {(
          [
            ["trend", "Trend of an event"],
            ["saved", "Saved report"],
            ["text", "Note (Markdown)"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-1.5">
            <input type="radio" name={`${id}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-title`} className="text-sm font-medium text-slate-700">
          Title{kind === "text" ? " (optional)" : ""}
        </label>
        <input id={`${id}-title`} className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      </div>
      {kind === "trend" ? (
        <div className="flex flex-wrap gap-2">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor={`${id}-event`} className="text-sm font-medium text-slate-700">
              Event
            </label>
            <select id={`${id}-event`} className={inputClass} value={event} onChange={(e) => setEvent(e.target.value)}>
              {catalog.events.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-math`} className="text-sm font-medium text-slate-700">
              Count
            </label>
            <select id={`${id}-math`} className={inputClass} value={math} onChange={(e) => setMath(e.target.value as SeriesMath)}>
              {MATHS.filter((m) => !MATH_LABELS[m].needsProperty).map((m) => (
                <option key={m} value={m}>
                  {MATH_LABELS[m].label}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {kind === "saved" ? (
        savedReports.length ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-saved`} className="text-sm font-medium text-slate-700">
              Saved report
            </label>
            <select id={`${id}-saved`} className={inputClass} value={saved} onChange={(e) => setSaved(e.target.value)}>
              {savedReports.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.kind})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="text-sm text-slate-500">No saved reports yet: save one on a report page first.</p>
        )
      ) : null}
      {kind === "text" ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-text`} className="text-sm font-medium text-slate-700">
            Note
          </label>
          <textarea id={`${id}-text`} className={`${inputClass} min-h-24 font-mono`} value={text} onChange={(e) => setText(e.target.value)} maxLength={20_000} placeholder="**What to look at** and why. Markdown; HTML is shown as text." />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit">Add to the board</Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
