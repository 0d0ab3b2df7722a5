/**
 * Reads the forms a server-rendered page holds (enough HTML parsing for the app's own markup),
 * so a test can send back every field a person could fill in, whatever the form is.
 */

export interface FormField {
  name: string;
  /** "text" covers every field a person types into; choices and hidden fields keep a value the page gave. */
  kind: "text" | "hidden" | "choice" | "file";
  /** For text fields, what the page put in it; for the others, the value to send. */
  value: string;
  /** The input's type attribute (text, email, number, date …) or "textarea". */
  type: string;
}

export interface PageForm {
  /** Where the form posts, resolved against the page. */
  action: string;
  multipart: boolean;
  fields: FormField[];
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
const decode = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => entities[entity]!);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/\s([a-zA-Z_:][\w:.-]*)(?:="([^"]*)")?/g)) found[match[1]!.toLowerCase()] = decode(match[2] ?? "");
  return found;
}

/** The page's post forms that post to `ownPath` (not the header's sign-out or a listing's shortlist button). */
export function postForms(html: string, pageUrl: string, ownPath: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form = attributes(match[1]!);
    if ((form.method ?? "get").toLowerCase() !== "post") continue;
    const action = new URL(form.action || pageUrl, pageUrl);
    if (action.pathname !== ownPath) continue;
    forms.push({ action: action.pathname + action.search, multipart: form.enctype === "multipart/form-data", fields: fieldsOf(match[2]!) });
  }
  return forms;
}

function fieldsOf(body: string): FormField[] {
  const fields: FormField[] = [];
  const choices = new Map<string, FormField>();
  const choose = (name: string, value: string, chosen: boolean) => {
    const earlier = choices.get(name);
    if (!earlier) {
      const field: FormField = { name, kind: "choice", value, type: "choice" };
      choices.set(name, field);
      fields.push(field);
    } else if (chosen) earlier.value = value;
  };
  for (const match of body.matchAll(/<(textarea|select)\b([^>]*)>([\s\S]*?)<\/\1>|<(input|button)\b([^>]*)>/g)) {
    const tag = match[1] ?? match[4]!;
    const field = attributes(match[2] ?? match[5]!);
    const inner = match[3] ?? "";
    const name = field.name;
    if (!name || "disabled" in field) continue;
    if (tag === "textarea") {
      fields.push({ name, kind: "text", value: decode(inner), type: "textarea" });
    } else if (tag === "select") {
      const options = [...inner.matchAll(/<option\b([^>]*)>/g)].map((option) => attributes(option[1]!));
      const selected = options.find((option) => "selected" in option) ?? options.find((option) => option.value) ?? options[0];
      choose(name, selected?.value ?? "", true);
    } else if (tag === "button") {
      if (!choices.has(name) && field.value !== undefined) choose(name, field.value, false);
    } else {
      const type = (field.type ?? "text").toLowerCase();
      if (type === "hidden") fields.push({ name, kind: "hidden", value: field.value ?? "", type });
      else if (type === "checkbox" || type === "radio") choose(name, field.value ?? "on", "checked" in field);
      else if (type === "file") fields.push({ name, kind: "file", value: "", type });
      else if (type !== "submit" && type !== "button" && type !== "reset" && type !== "image") {
        fields.push({ name, kind: "text", value: field.value ?? "", type });
      }
    }
  }
  return fields;
}
