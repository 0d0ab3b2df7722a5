/**
 * Reading an uploaded indicators file: refused by its size before it is read, and it must be
 * UTF-8 text. (Indicator files are small: a few hundred rows.)
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { maxKpiFileBytes } from "../../../db/evidence/kpi-file";

export type KpiUpload = { ok: true; name: string; text: string; bytes: number } | { ok: false; status: number; message: string };

const tooLarge = `The file is too large: an indicators file can be up to ${maxKpiFileBytes / 1_000_000} MB. Split it and import the parts one after another.`;

export async function readKpiUpload(request: Request): Promise<KpiUpload> {
  const length = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(length) && length > maxKpiFileBytes + 64 * 1024) return { ok: false, status: 413, message: tooLarge };
  if (!(request.headers.get("content-type") ?? "").includes("multipart/form-data")) return { ok: false, status: 400, message: "Choose a CSV file to upload." };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxKpiFileBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: tooLarge };
    return { ok: false, status: 400, message: "The upload did not arrive whole. Try again." };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.name === "") return { ok: false, status: 400, message: "Choose a CSV file to upload." };
  if (file.size === 0) return { ok: false, status: 400, message: `${file.name} is empty: choose the file with your indicator values in it.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { ok: true, name: file.name, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), bytes: bytes.length };
  } catch {
    return { ok: false, status: 400, message: `${file.name} is not UTF-8 text. In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”, then upload that file.` };
  }
}
