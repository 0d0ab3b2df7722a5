import { describe, expect, it } from "vitest";
import { assessServices, describeQuality, serviceQuality } from "../../app/modules/oruk/quality";
import { readFixture } from "../support/oruk";

const complete = {
  id: "3f7b145d-84af-42d7-8fae-eaca714b02b2",
  name: "Lunch club",
  description: "A hot lunch on Tuesdays.",
  url: "https://example.org/lunch",
  organization: { id: "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", name: "Village hall" },
  contacts: [{ id: "1e7efce3-639b-4880-940c-b95cd30cdb50", phones: [{ id: "x", number: "01632 960123" }] }],
};

describe("data quality of ORUK services", () => {
  it("finds a way to contact wherever a client could: service phones, contact phones and emails, our extension", () => {
    expect(serviceQuality({ ...complete, contacts: [] })).toMatchObject({ contact: false, phone: false });
    expect(serviceQuality({ ...complete, contacts: [], phones: [{ number: "01632 960123" }] })).toMatchObject({ contact: true, phone: true });
    expect(serviceQuality({ ...complete, contacts: [{ email: "a@example.org" }] })).toMatchObject({ contact: true, phone: false });
    expect(serviceQuality({ ...complete, contacts: [{ x_atlas: { phones: [{ number: "01632960123" }] } }] })).toMatchObject({ phone: true });
    expect(serviceQuality({ ...complete, contacts: [{ phones: [{ number: "n/a" }] }] })).toMatchObject({ phone: false });
  });

  it("asks for a UUID, a name, a description, an http(s) address and an organisation", () => {
    expect(serviceQuality(complete)).toEqual({ id: true, name: true, description: true, url: true, organization: true, contact: true, phone: true });
    expect(serviceQuality({ ...complete, id: "42", name: " ", description: "", url: "www.example.org", organization: undefined })).toMatchObject({
      id: false,
      name: false,
      description: false,
      url: false,
      organization: false,
    });
    expect(serviceQuality({ ...complete, organization: undefined, organization_id: complete.organization.id }).organization).toBe(true);
  });

  it("reports each field's share, the usable ones, and the listings that fail, with what they miss", () => {
    const report = assessServices([complete, { ...complete, id: "b", url: null, contacts: [] }, { ...complete, url: undefined }]);
    expect(report).toMatchObject({ total: 3, usable: 1 });
    expect(report.fields.find((field) => field.code === "url")).toMatchObject({ met: 1, share: 1 / 3 });
    expect(report.failing).toEqual([
      { id: "b", name: "Lunch club", missing: ["id", "url", "contact", "phone"] },
      { id: complete.id, name: "Lunch club", missing: ["url"] },
    ]);
    expect(report.noUrlOrPhone.map((service) => service.id)).toEqual(["b"]);
    expect(describeQuality(report, "test")).toMatch(/3 services; 1 \(33%\) meet every expectation/);
  });

  it("judges the profile's own full example", () => {
    const report = assessServices([readFixture<Record<string, unknown>>("examples/service_full.json")]);
    expect(report.total).toBe(1);
    expect(report.fields.find((field) => field.code === "name")!.met).toBe(1);
  });
});
