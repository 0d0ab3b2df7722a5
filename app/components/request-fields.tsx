/** Questions about a request: the new-request fields (the person form's last part, or a later request). No data access. */
import { ChoiceItems } from "./choice-fields";
import { Fieldset, TextField, type FieldErrors } from "./form";
import { conversations, requestSources } from "../modules/requests/request-forms";

type Values = Record<string, string | string[] | undefined>;

export function NewRequestFields({ values, errors, today }: { values: Values; errors: FieldErrors; today: string }) {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return (
    <>
      <h2 className="govuk-heading-m">The request for help</h2>
      <Fieldset name="source" legend="Who made contact?" error={errors.source}>
        <ChoiceItems
          type="radio"
          name="source"
          className="govuk-radios govuk-radios--small"
          options={requestSources.filter((source) => source.code !== "not_recorded").map((source) => ({ value: source.code, label: source.name }))}
          isChecked={(value) => text("source") === value}
          hints="none"
          linkable
        />
      </Fieldset>
      <TextField name="sourceNote" label="Which surgery, ward or team (optional)" hint="For example, Staploe Medical Centre or the Princess of Wales discharge team." autoComplete="off" defaultValue={text("sourceNote")} error={errors.sourceNote} />
      <TextField name="receivedOn" label="Date of the contact" type="date" width={10} defaultValue={text("receivedOn") || today} max={today} error={errors.receivedOn} />
      <Fieldset name="conversation" legend="Which conversation is it in?" hint="Most start in conversation 1. You can move it later; each move is recorded." error={errors.conversation}>
        <ChoiceItems
          type="radio"
          name="conversation"
          className="govuk-radios govuk-radios--small"
          options={conversations.map((conversation) => ({ value: conversation.code, label: conversation.name }))}
          isChecked={(value) => (text("conversation") || "c1") === value}
          hints="none"
          linkable
        />
      </Fieldset>
    </>
  );
}
