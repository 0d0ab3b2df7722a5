import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formValues, parseForm, readForm } from "../../app/modules/forms/read-form.server";

const schema = z.object({ name: z.string().trim().min(1, "Enter a name"), days: z.array(z.enum(["MO", "TU"], { errorMap: () => ({ message: "Choose days from the list" }) })) });

function posted(entries: [string, string | Blob][]) {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  return form;
}

describe("the form helper", () => {
  it("keeps the last of a repeated field, every value of a list field, and leaves out the token and files", () => {
    const form = posted([
      ["csrf", "secret"],
      ["name", "first"],
      ["name", "second"],
      ["days", "MO"],
      ["days", "TU"],
      ["upload", new Blob(["x"])],
    ]);
    expect(formValues(form, ["days", "needs"])).toEqual({ name: "second", days: ["MO", "TU"], needs: [] });
  });

  it("gives the parsed data, or the first problem of each field with the values as sent", () => {
    expect(parseForm({ name: " Ann ", days: ["MO"] }, schema)).toEqual({ ok: true, data: { name: "Ann", days: ["MO"] }, values: { name: " Ann ", days: ["MO"] } });
    const values = { name: " ", days: ["XX"] };
    expect(parseForm(values, schema)).toEqual({ ok: false, errors: { name: "Enter a name", days: "Choose days from the list" }, values });
  });

  it("takes a form's own list of problems when the schema alone would stop early", () => {
    const read = parseForm({ name: "" }, schema, { issues: () => [{ path: ["form"], message: "Everything at once" }] });
    expect(read).toEqual({ ok: false, errors: { form: "Everything at once" }, values: { name: "" } });
  });

  it("reads a posted request", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: posted([["name", "Bea"], ["days", "TU"]]) });
    expect(await readForm(request, schema, ["days"])).toMatchObject({ ok: true, data: { name: "Bea", days: ["TU"] } });
  });
});
