/**
 * Reading an uploaded file safely: too large is refused from the Content-Length header before
 * a byte of the body is read; the body is then read with a per-part limit as well, and the
 * file must be UTF-8 text (ADR 0012).
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { maxImportBytes } from "./csv-columns";

export type Upload =
  | { ok: true; fileName: string; content: string; bytes: number; publish: boolean }
  | { ok: false; status: number; message: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
const tooLarge = (bytes: number | null) =>
  `${bytes ? `The file is ${megabytes(bytes)}. ` : "The file is too large. "}The largest file you can upload is ${megabytes(maxImportBytes)}. Split it into smaller files and import them one after another.`;

/** Room for the form's other fields and the multipart boundaries around the file. */
const formOverhead = 64 * 1024;

/** Refuses an oversized upload from its headers alone, so the body is never read. */
export function refuseBySize(request: Request): Upload | null {
  const header = request.headers.get("content-length");
  const length = header === null ? NaN : Number(header);
  if (!Number.isFinite(length)) return { ok: false, status: 411, message: "Your browser did not say how large the file is. Try again, or use another browser." };
  if (length > maxImportBytes + formOverhead) return { ok: false, status: 413, message: tooLarge(length) };
  return null;
}

export async function readUpload(request: Request): Promise<Upload> {
  if (!(request.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    return { ok: false, status: 400, message: "Choose a CSV or Open Referral UK JSON file to upload." };
  }
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxImportBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: tooLarge(null) };
    return { ok: false, status: 400, message: "The upload did not arrive whole. Try again." };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.name === "") return { ok: false, status: 400, message: "Choose a CSV or Open Referral UK JSON file to upload." };
  if (file.size === 0) return { ok: false, status: 400, message: `${file.name} is empty. Choose the file with your listings in it.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    content = "\u0000";
  }
  if (content.includes("\u0000")) {
    return {
      ok: false,
      status: 400,
      message: `${file.name} is not UTF-8 text, so letters such as £ or é would be garbled. In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”, then upload that file.`,
    };
  }
  return { ok: true, fileName: file.name, content, bytes: bytes.length, publish: form.get("publish") === "yes" };
}
