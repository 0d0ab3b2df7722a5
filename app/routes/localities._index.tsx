import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { listPlaces } from "../modules/places/locality.server";

export const meta: MetaFunction = () => [{ title: "Localities – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "asset:review");
  const chosen = new URL(request.url).searchParams.get("place");
  if (chosen && /^E\d{8}$/.test(chosen)) throw redirect(`/localities/${chosen}`);
  return listPlaces(db);
}

export default function Localities() {
  const { districts, wards } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Localities</h1>
      <p className="govuk-body">See a place&apos;s community assets, the needs they meet ward by ward, and where there are gaps.</p>
      <Form method="get">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="place">
            District or ward
          </label>
          <select className="govuk-select" id="place" name="place" defaultValue="E07000009">
            <optgroup label="Districts">
              {districts.map((district) => (
                <option key={district.code} value={district.code}>
                  {district.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="East Cambridgeshire wards">
              {wards.map((ward) => (
                <option key={ward.code} value={ward.code}>
                  {ward.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit" className="govuk-button">
          Show this place
        </button>
      </Form>
    </Page>
  );
}
