// What the new-cohort and edit-cohort pages share: the pickers' catalog and the
// cohorts a condition may name, and the frame around the form.
import Link from "next/link";
import type { ReactNode } from "react";
import { ReportHeader } from "@/components/reports/Layout";
import { PICKER_SEED, pickerCatalog, type PickerCatalog } from "@/components/reports/vocabulary";
import { Notice } from "@/components/ui/Notice";
import { listCohorts } from "@/lib/cohorts";
import { reportContext } from "@/lib/query/context";
import { catalog } from "@/lib/query/properties";
import type { CohortChoice } from "./ConditionBuilder";

export async function formInputs(project: { id: string; timezone: string }, exceptCohortId?: string): Promise<{ catalog: PickerCatalog; cohorts: CohortChoice[] }> {
  const [cat, cohorts] = await Promise.all([catalog(reportContext(project), PICKER_SEED), listCohorts(project.id)]);
  return {
    catalog: pickerCatalog(project.id, cat),
    cohorts: cohorts.filter((c) => c.id !== exceptCohortId).map((c) => ({ id: c.id, name: c.name })),
  };
}

export function FormFrame({ title, back, canEdit, children }: { title: string; back: { href: string; label: string }; canEdit: boolean; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={back.href} className="font-medium text-indigo-600 hover:text-indigo-500">
          ← {back.label}
        </Link>
      </nav>
      <ReportHeader title={title} />
      {canEdit ? children : <Notice tone="info">Your role in this project lets you look at cohorts, not create or change them. Owners, admins and members can.</Notice>}
    </div>
  );
}
