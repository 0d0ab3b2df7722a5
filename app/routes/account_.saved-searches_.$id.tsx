import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { i18nFor, translatedTitle } from "../modules/i18n/i18n";
import { useT } from "../modules/i18n/use-t";
import { requestLanguage } from "../modules/i18n/languages";
import { maxSavedSearchName, savedSearchHref } from "../modules/saved-searches/saved-search";
import { readName, sentValues } from "../modules/saved-searches/saved-search-form.server";
import { deleteSavedSearch, findSavedSearch, renameSavedSearch, savedSearchId } from "../modules/saved-searches/saved-searches.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => [
  { title: translatedTitle(matches, loaded?.deleting ? "savedSearches.deleteTitle" : "savedSearches.changeTitle") },
];

/** Another account's search, or an id that is not one, is "not found": nobody learns whether it exists. */
function notFound(request: Request): never {
  throw new Response(i18nFor(requestLanguage(request)).t("savedSearches.errors.notFound"), { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:self");
  const search = await findSavedSearch(db, actor.userId!, savedSearchId(params.id));
  if (!search) notFound(request);
  return { id: search.id, name: search.name, href: savedSearchHref(search.query), deleting: new URL(request.url).searchParams.has("delete") };
}

/** Renaming (intent "rename") or, once confirmed on the page that asks, deleting (intent "delete"). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:self");
  const userId = actor.userId!;
  const id = savedSearchId(params.id);
  if (!id) notFound(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "delete") {
    if (!(await deleteSavedSearch(db, userId, id))) notFound(request);
    throw redirect("/account/saved-searches?outcome=deleted", 303);
  }
  if (intent !== "rename") return data({ errors: { form: "savedSearches.errors.unknownIntent" }, values: sentValues(form) }, { status: 400 });
  const name = readName(form);
  if (!name.ok) return data({ errors: name.errors, values: sentValues(form) }, { status: 400 });
  if (!(await renameSavedSearch(db, userId, id, name.name))) notFound(request);
  throw redirect(`/account/saved-searches?${new URLSearchParams({ outcome: "renamed", id })}`, 303);
}

export default function SavedSearch() {
  const { id, name, href, deleting } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const { t } = useT();
  const errors = refused ? Object.fromEntries(Object.entries(refused.errors).map(([field, key]) => [field, key ? t(key, { max: String(maxSavedSearchName) }) : undefined])) : {};
  return (
    <Page>
      <Link className="govuk-back-link" to="/account/saved-searches">
        {t("common.back")}
      </Link>
      {refused && <ErrorSummary errors={errors} fallbackField="name" title={t("common.problem")} />}
      {deleting && !refused ? (
        <>
          <h1 className="govuk-heading-l">{t("savedSearches.deleteQuestion", { name })}</h1>
          <p className="govuk-body">{t("savedSearches.deleteHint")}</p>
          <Form method="post" action={`/account/saved-searches/${id}`}>
            <CsrfField />
            <input type="hidden" name="intent" value="delete" />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button govuk-button--warning">
                {t("savedSearches.deleteButton")}
              </button>
              <Link className="govuk-link" to="/account/saved-searches">
                {t("savedSearches.keep")}
              </Link>
            </div>
          </Form>
        </>
      ) : (
        <>
          <h1 className="govuk-heading-l">{t("savedSearches.changeTitle")}</h1>
          <p className="govuk-body">
            <Link className="govuk-link" to={href}>
              {t("savedSearches.run")}
            </Link>
          </p>
          <Form method="post" action={`/account/saved-searches/${id}`}>
            <CsrfField />
            <input type="hidden" name="intent" value="rename" />
            <TextField name="name" label={t("savedSearches.nameLabel")} defaultValue={refused?.values.name ?? name} error={errors.name} maxLength={maxSavedSearchName} autoComplete="off" />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button">
                {t("savedSearches.changeButton")}
              </button>
              <Link className="govuk-link" to="/account/saved-searches">
                {t("savedSearches.cancel")}
              </Link>
            </div>
          </Form>
        </>
      )}
    </Page>
  );
}
