"use client";

// A searchable picker for catalogs too big to ship whole (issue 16): the page
// hands over the most sent names, and as the user types the properties API is
// asked for matching ones (debounced). The WAI-ARIA combobox pattern: an input
// with a listbox popup, arrow keys move, Enter picks, Escape closes.
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { compactInput } from "./pickerStyle";

export interface NameOption {
  name: string;
  /** The catalog type, for properties. */
  type?: string;
  /** Shown instead of the name (e.g. "Page view" for $pageview). */
  label?: string;
  group?: string;
}

/** Options shown at once; more come by typing. */
const SHOWN = 50;
const DEBOUNCE_MS = 200;

export type CatalogSearchKind = "events" | "eventProperties" | "userProperties";

const searches = new Map<string, Promise<NameOption[]>>();

/** Names of one catalog list containing `q`, from the properties API (cached per page). */
function searchCatalog(projectId: string, kind: CatalogSearchKind, q: string): Promise<NameOption[]> {
  const key = `${projectId}\u0000${kind}\u0000${q}`;
  if (!searches.has(key)) {
    const params = new URLSearchParams({ kind, q, limit: String(SHOWN) });
    searches.set(
      key,
      fetch(`/api/projects/${projectId}/properties?${params}`)
        .then((r) => (r.ok ? r.json() : {}))
        .then((body: Partial<Record<CatalogSearchKind, { name: string; type?: string }[]>>) => (body[kind] ?? []).map((e) => ({ name: e.name, type: e.type })))
        .catch(() => {
          searches.delete(key);
          return [];
        }),
    );
  }
  return searches.get(key)!;
}

export function NameCombobox({
  projectId,
  kind,
  seed,
  value,
  onChange,
  label,
  placeholder,
  allowEmpty = false,
  accept = () => true,
  optionLabel = (o) => o.label ?? o.name,
  id,
  className = "",
  required,
}: {
  projectId: string;
  kind: CatalogSearchKind;
  /** Offered before anything is typed, and matched locally at once while the search runs. */
  seed: NameOption[];
  value: string;
  onChange: (value: string, option?: NameOption) => void;
  label: string;
  placeholder: string;
  /** An empty choice, shown as `placeholder`. */
  allowEmpty?: boolean;
  /** Which searched names may be picked (e.g. numeric properties only). */
  accept?: (option: NameOption) => boolean;
  optionLabel?: (option: NameOption) => string;
  id?: string;
  className?: string;
  required?: boolean;
}) {
  const ownId = useId();
  const inputId = id ?? `${ownId}-input`;
  const listId = `${ownId}-list`;
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<{ q: string; options: NameOption[] }>({ q: "", options: [] });

  const needle = text.trim().toLowerCase();
  useEffect(() => {
    if (!open || !needle) return;
    let live = true;
    const timer = setTimeout(() => {
      void searchCatalog(projectId, kind, needle).then((options) => live && setFound({ q: needle, options }));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, needle, projectId, kind]);

  const local = seed.filter((o) => accept(o) && (!needle || o.name.toLowerCase().includes(needle) || optionLabel(o).toLowerCase().includes(needle)));
  const searched = needle && found.q === needle ? found.options.filter(accept) : [];
  const seen = new Set(local.map((o) => o.name));
  const options = [...(allowEmpty && !needle ? [{ name: "", label: placeholder }] : []), ...local, ...searched.filter((o) => !seen.has(o.name))].slice(0, SHOWN);
  const current = seed.find((o) => o.name === value);
  const shown = value ? optionLabel(current ?? { name: value }) : "";

  function pick(option: NameOption | undefined) {
    if (!option) return;
    onChange(option.name, option.name ? option : undefined);
    setText("");
    setOpen(false);
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return setOpen(true);
      const by = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (options.length ? (i + by + options.length) % options.length : 0));
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setText("");
      setOpen(false);
    }
  }

  return (
    <div className={`relative ${className}`}>
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-label={id ? undefined : label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        required={required && !value}
        placeholder={shown || placeholder}
        value={open ? text : shown}
        onFocus={() => {
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => {
          setOpen(false);
          setText("");
        }}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKey}
        className={`${compactInput} w-full`}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label={label} className="absolute z-20 mt-1 max-h-72 w-full min-w-[14rem] overflow-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
          {options.length ? (
            options.map((o, i) => (
              <li
                key={o.name || "\u0000empty"}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={o.name === value}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
                onMouseEnter={() => setActive(i)}
                className={`cursor-pointer truncate px-3 py-1.5 ${i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"}`}
              >
                {optionLabel(o)}
                {o.type && o.type !== "string" ? <span className="text-slate-500"> ({o.type})</span> : null}
              </li>
            ))
          ) : (
            <li className="px-3 py-1.5 text-slate-500" aria-live="polite">
              {needle && found.q !== needle ? "Searching…" : "No match"}
            </li>
          )}
        </ul>
      ) : null}
    </div>
  );
}
