import { Card } from "@/components/ui/Card";
import { CopyField } from "@/components/ui/CopyButton";
import { FirstEventChecklist } from "@/components/plan/FirstEventChecklist";
import { curlCommand, htmlSnippet } from "@/lib/projects/snippets";
import { WaitForFirstEvent } from "./WaitForFirstEvent";

/** The empty state of a project without events: how to send the first one. */
export function FirstEventGuide({ projectId, origin, writeKey, since }: { projectId: string; origin: string; writeKey: string; since: number }) {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Send your first event</h1>
        <p className="mt-2 text-slate-600">No events yet. Use either way below; this page updates by itself when the first one arrives.</p>
        <div className="mt-4 flex justify-center">
          <WaitForFirstEvent projectId={projectId} />
        </div>
      </div>
      {/* Ticks live; the Overview that replaces this guide keeps it until all three have come. */}
      <FirstEventChecklist projectId={projectId} seen={{ pageview: false, identify: false, custom: false }} since={since} hideable={false} />
      <Card title="From a terminal" description="One event, right now, with curl.">
        <CopyField label="curl command" value={curlCommand(origin, writeKey)} multiline />
      </Card>
      <Card title="From your website" description="Paste before </head>: page views are recorded on every load.">
        <CopyField label="HTML snippet" value={htmlSnippet(origin, writeKey)} multiline />
      </Card>
      <Card
        title="Just looking around?"
        description="Fill this project with a month of a made-up shop's visitors, sign-ups and orders, run where Crumbtrail is installed. Delete the project afterwards to start clean."
      >
        <CopyField label="demo data command" value={`npm run crumbtrail -- seed:demo --project ${projectId}`} multiline />
      </Card>
    </div>
  );
}
