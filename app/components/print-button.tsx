import { useEffect, useState } from "react";

/** A Print button once JavaScript runs; before that (or without it), how to print with the browser. */
export function PrintButton({ what = "this list" }: { what?: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <p className="govuk-body atlas-no-print">To print {what}, use your browser&apos;s Print option.</p>;
  return (
    <button type="button" className="govuk-button atlas-no-print" onClick={() => window.print()}>
      Print {what}
    </button>
  );
}
