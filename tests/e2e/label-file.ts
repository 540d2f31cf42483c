import { expect, type Frame } from "@playwright/test";
import { readPdf } from "../setup/pdf";

/**
 * The label a test return's page previews, fetched from inside the app's frame as the page fetches it
 * (its session and all): a real one, a PDF of one 100 × 150 mm page naming its consignment.
 */
export async function expectRealLabel(frame: Frame, connote: string) {
  const file = await frame.evaluate(async () => {
    const response = await fetch(`${location.pathname.replace(/\/$/, "")}/label`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get("content-type"), base64: btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join("")) };
  });
  expect(file).toMatchObject({ status: 200, type: "application/pdf" });
  const pdf = await readPdf(Buffer.from(file.base64, "base64"));
  expect(pdf).toMatchObject({ pages: 1, width: expect.closeTo(283.46, 1), height: expect.closeTo(425.2, 1) });
  expect(pdf.text.split("\n")).toContain(connote);
}
