/**
 * A form's problems by field, as pages show them (the first message for each field; "form" for
 * the form as a whole). Plain data, so modules return it and components render it.
 */
export type FieldErrors = Record<string, string | undefined>;

/** A schema's issues as FieldErrors: the first message for each field. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
