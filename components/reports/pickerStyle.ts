// The look of the report pickers, shared by the native selects and the search combobox.
import { inputClass } from "@/components/ui/Field";

/** The form input look without the full width, so inputs can share a row. */
export const compactInput = `${inputClass.replace("block w-full", "block max-w-full")} py-1.5`;
