/**
 * The one way an action reads a form: the submitted values, checked against the form's zod schema
 * (the same schema the page is built from). The answer is the parsed data, or each field's first
 * problem with the values as sent, so the page can show them again beside the errors.
 */
import type { z } from "zod";
import { fieldErrors, type FieldErrors } from "./field-errors";

/** A form's values as sent: each field's text; the fields named as lists, every value. */
export type FormValues = Record<string, string>;
export type FormValuesWithLists = Record<string, string | string[]>;

export type FormRead<T, V = FormValues> = { ok: true; data: T; values: V } | { ok: false; errors: FieldErrors; values: V };

/**
 * The values of a form. A field sent twice keeps its last value (as Object.fromEntries did); the
 * fields in `lists` keep them all (none sent: an empty list). Files and the CSRF token (checked by
 * requirePermission) are left out.
 */
export function formValues(form: FormData): FormValues;
export function formValues(form: FormData, lists: readonly string[]): FormValuesWithLists;
export function formValues(form: FormData, lists: readonly string[] = []): FormValuesWithLists {
  const values: FormValuesWithLists = {};
  for (const key of new Set(form.keys())) {
    if (key === "csrf") continue;
    const all = form.getAll(key).filter((value): value is string => typeof value === "string");
    if (lists.includes(key)) values[key] = all;
    else if (all.length > 0) values[key] = all.at(-1)!;
  }
  for (const key of lists) values[key] ??= [];
  return values;
}

/**
 * How a form is checked beyond its schema. `issues`: every problem at once, for a schema whose
 * checks across fields zod skips while any single field is wrong (the listing form's).
 */
export interface ParseOptions<V> {
  issues?: (values: V) => ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>;
}

/** Values checked against a schema: the data, or the problems by field. */
export function parseForm<S extends z.ZodTypeAny, V>(values: V, schema: S, options: ParseOptions<V> = {}): FormRead<z.output<S>, V> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: fieldErrors(options.issues ? options.issues(values) : parsed.error.issues), values };
}

/** Reads the request's form and checks it against the schema; `lists` names the fields sent as lists. */
export async function readForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<FormRead<z.output<S>>>;
export async function readForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  lists: readonly string[],
  options?: ParseOptions<FormValuesWithLists>,
): Promise<FormRead<z.output<S>, FormValuesWithLists>>;
export async function readForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  lists: readonly string[] = [],
  options: ParseOptions<FormValuesWithLists> = {},
): Promise<FormRead<z.output<S>, FormValuesWithLists>> {
  return parseForm(formValues(await request.formData(), lists), schema, options);
}
