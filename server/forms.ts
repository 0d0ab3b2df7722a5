/**
 * Bodies of requests that change something. Every such route in the app takes a form, so any
 * other body (JSON, text, none at all) is refused with 415 before a route tries to read it.
 * PostgreSQL cannot store a NUL byte in text, so NULs are taken out of every field and file
 * name here, once, instead of in every form's schema. Files are left as they are: the import
 * checks its own (and refuses a file with NULs as not UTF-8 text).
 */
import type { IncomingMessage } from "node:http";
import { maxImportBytes } from "../app/modules/imports/csv-columns";

export type FormBody =
  | { ok: true; body?: Buffer; contentType?: string }
  | { ok: false; status: 400 | 413 | 415; message: string };

/** Far more than any of the app's forms holds (the longest text field is a few thousand characters). */
export const formLimitBytes = 1024 * 1024;
/** An uploaded file and the fields around it (the import's own limit, ADR 0012). */
const uploadLimitBytes = maxImportBytes + 64 * 1024;

const notAForm = "This page accepts only forms sent from Asset Atlas's own pages. Go back, reload the page and try again.";
const tooLarge = "What was sent is too large for this form. Go back and shorten it, then try again.";

const withoutNul = (value: string) => value.replaceAll("\u0000", "");

export async function readForm(request: IncomingMessage): Promise<FormBody> {
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") {
    const raw = await readBody(request, formLimitBytes);
    if (!raw) return { ok: false, status: 413, message: tooLarge };
    if (!raw.includes(0) && !/%00/i.test(raw.toString("latin1"))) return { ok: true, body: raw };
    const cleaned = new URLSearchParams();
    for (const [name, value] of new URLSearchParams(raw.toString("utf8"))) cleaned.append(withoutNul(name), withoutNul(value));
    return { ok: true, body: Buffer.from(cleaned.toString()) };
  }
  if (mediaType === "multipart/form-data") {
    const declared = Number(request.headers["content-length"]);
    // Too large or of unknown size: the upload route refuses it from its headers, without reading it.
    if (!Number.isFinite(declared) || declared > uploadLimitBytes) return { ok: true };
    const raw = await readBody(request, uploadLimitBytes);
    if (!raw) return { ok: false, status: 413, message: tooLarge };
    if (!raw.includes(0)) return { ok: true, body: raw };
    return cleanMultipart(raw, request.headers["content-type"]!);
  }
  return { ok: false, status: 415, message: notAForm };
}

async function cleanMultipart(raw: Buffer, contentType: string): Promise<FormBody> {
  let form: FormData;
  try {
    form = await new Request("http://form.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(raw) }).formData();
  } catch {
    return { ok: false, status: 400, message: "The form did not arrive whole. Go back and try again." };
  }
  const cleaned = new FormData();
  for (const [name, value] of form) {
    cleaned.append(withoutNul(name), typeof value === "string" ? withoutNul(value) : new File([value], withoutNul(value.name), { type: value.type }));
  }
  const encoded = new Response(cleaned);
  return { ok: true, body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is discarded unread). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(request.headers["content-length"]) > limit) {
    request.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Buffer | null) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        finish(null);
      } else if (!done) chunks.push(chunk);
    });
    request.on("end", () => finish(Buffer.concat(chunks)));
    request.on("close", () => finish(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
