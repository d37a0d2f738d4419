// The small print under a chart: what its dashes, pale bars and right axis mean.
export function ChartNotes({ notes }: { notes: (string | null)[] }) {
  const shown = notes.filter((n): n is string => Boolean(n));
  if (!shown.length) return null;
  return (
    <ul className="mt-2 space-y-0.5 text-center text-xs text-slate-500">
      {shown.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}
