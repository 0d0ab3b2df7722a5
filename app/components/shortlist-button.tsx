import { Form, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "../root";
import { CsrfField } from "./csrf-field";
import { ListingText } from "./layout";
import { useT } from "../modules/i18n/use-t";

/** Add a listing to (or take it off) the shortlist: a plain form, so it works without JavaScript. */
export function ShortlistButton({ id, name }: { id: string; name: string }) {
  const { t } = useT();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  const listed = root?.shortlist.includes(id) ?? false;
  return (
    <Form method="post" action="/shortlist" className="atlas-shortlist-form">
      <CsrfField />
      <input type="hidden" name="intent" value={listed ? "remove" : "add"} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
        {listed ? t("listing.removeShortlist") : t("listing.addShortlist")}
        <span className="govuk-visually-hidden">
          : <ListingText>{name}</ListingText>
        </span>
      </button>
    </Form>
  );
}
