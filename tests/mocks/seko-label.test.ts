import { inflateSync } from "node:zlib";
import { beforeEach, describe, expect, test } from "vitest";
import { sekoConfig } from "../../app/seko/config";
import { createOmniReturnsClient } from "../../app/seko/omnireturns.server";
import type { ReturnLabelRequest } from "../../app/seko/schemas";
import { readPdf } from "../setup/pdf";
import { resetSeko, SEKO_TEST_KEYS } from "./seko";
import { barcodeModules, LABEL_HEIGHT_PT, LABEL_WIDTH_PT } from "./seko-label";

const request: ReturnLabelRequest = {
  Origin: {
    Name: "Aroha Kōwhai",
    Address: { StreetAddress: "12 Ocean View Rd", Suburb: "Island Bay", City: "Wellington", PostCode: "6023", CountryCode: "NZ" },
  },
  Destination: { Name: "SEKO Returns Hub", Address: { StreetAddress: "5 Hub Road", City: "Auckland", PostCode: "2022", CountryCode: "NZ" } },
  Packages: [{ Length: 30, Width: 20, Height: 10, Kg: 1.2 }],
  Commodities: [{ Description: "T-shirt", Units: 1, UnitValue: 39, UnitKg: 0.3, Currency: "NZD", SKU: "TEE-BLK-M", Reason: "Too small", ReturnAction: "Refund" }],
  DeliveryReference: "1001",
  Reference2: "TEST RETURN",
};

/** The label as the app receives it: through its OmniReturns client, so the response passes the app's schema. */
async function print(outputs: string[], packages = request.Packages, origin: Partial<ReturnLabelRequest["Origin"]> = {}) {
  const client = createOmniReturnsClient(sekoConfig({ timeoutMs: 5000, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }), { accessKey: SEKO_TEST_KEYS.omnireturns });
  const result = await client.createReturnLabel({ ...request, Origin: { ...request.Origin!, ...origin }, Packages: packages, Outputs: outputs });
  if (!result.ok) throw new Error(result.error.message);
  const [label] = result.value.labels;
  return { connote: label!.connote, files: label!.files };
}

beforeEach(() => resetSeko());

describe("the simulated SEKO's labels", () => {
  test("a PDF label is one 100 × 150 mm page with the consignment number, both addresses and the references", async () => {
    const { connote, files } = await print(["LABEL_PDF_100X150"]);
    const bytes = Buffer.from(files.LABEL_PDF_100X150![0]!, "base64");
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBe(1);
    expect(pdf.width).toBeCloseTo(283.46, 1);
    expect(pdf.height).toBeCloseTo(425.2, 1);
    expect([LABEL_WIDTH_PT, LABEL_HEIGHT_PT].map((pt) => Math.round((pt * 25.4) / 72))).toEqual([100, 150]);
    const lines = pdf.text.split("\n");
    expect(lines).toContain(connote);
    // The sender is the customer (Origin), the macron dropped for the standard font; the return address is Destination.
    for (const line of ["Aroha Kowhai", "12 Ocean View Rd", "Island Bay", "Wellington 6023", "SEKO Returns Hub", "5 Hub Road", "Auckland 2022", "Reference 1001"]) expect(lines).toContain(line);
    expect(pdf.text).toContain("TEST RETURN");
    expect(pdf.title).toBe(`Return label ${connote}`);
  });

  test("one file per package, each naming its package and tracking number", async () => {
    const box = request.Packages[0]!;
    const { connote, files } = await print(["LABEL_PDF_100X150"], [box, { ...box, Kg: 2 }]);
    expect(files.LABEL_PDF_100X150).toHaveLength(2);
    const second = await readPdf(Buffer.from(files.LABEL_PDF_100X150![1]!, "base64"));
    expect(second.text.split("\n")).toEqual(expect.arrayContaining(["Package 2 of 2 - 2 kg", `Tracking ${connote}02`]));
  });

  test("a PNG label is a valid 400 × 600 greyscale PNG at 4 px/mm, with the barcode's bars drawn", async () => {
    const { connote, files } = await print(["LABEL_PNG_100X150"]);
    const png = Buffer.from(files.LABEL_PNG_100X150![0]!, "base64");
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const chunks = new Map<string, Buffer>();
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      chunks.set(png.toString("latin1", at + 4, at + 8), png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect([...chunks.keys()]).toEqual(["IHDR", "pHYs", "tEXt", "IDAT", "IEND"]);
    const header = chunks.get("IHDR")!;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([400, 600, 8, 0]);
    expect(chunks.get("tEXt")!.toString("latin1")).toBe(`Title\0Return label ${connote}`);
    const raw = inflateSync(chunks.get("IDAT")!);
    expect(raw).toHaveLength(401 * 600);
    // Across the barcode (y = 115 mm = row 460): black bars and white gaps alternate as many times as the pattern has bars.
    const row = raw.subarray(460 * 401 + 1, 461 * 401);
    const bars = [...row.subarray(10 * 4, 90 * 4)].filter((pixel, index, all) => pixel === 0 && all[index - 1] !== 0).length;
    expect(bars).toBe(Math.ceil(barcodeModules(connote).length / 2));
  });

  test("the barcode is Code 128, code set B: Start B, a symbol per character, the check symbol, Stop", () => {
    // "A" is value 33; the check is (104 + 33 × 1) mod 103 = 34.
    expect(barcodeModules("A").join("")).toBe("211214" + "111323" + "131123" + "2331112");
    const modules = barcodeModules("SEKO1234567");
    // Eleven modules a symbol, thirteen for Stop; bars and spaces alternate from a bar to a bar.
    expect(modules.reduce((sum, width) => sum + width, 0)).toBe(11 * (11 + 2) + 13);
    expect(modules).toHaveLength(6 * 13 + 7);
  });

  test("a ZPL label is one ^XA…^XZ format with the fields and a Code 128 of the consignment number", async () => {
    const { connote, files } = await print(["LABEL_ZPL_100X150"]);
    const zpl = Buffer.from(files.LABEL_ZPL_100X150![0]!, "base64").toString("utf8");
    expect(zpl.startsWith("^XA\n")).toBe(true);
    expect(zpl.trimEnd().endsWith("^XZ")).toBe(true);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl).toContain(`^BCN,192,N,N,N^FD${connote}^FS`);
    for (const field of ["Aroha Kowhai", "SEKO Returns Hub", "Auckland 2022", "Reference 1001"]) expect(zpl).toContain(`^FD${field}^FS`);
  });

  test("a name with ZPL's command characters cannot break out of its field", async () => {
    const { files } = await print(["LABEL_ZPL_100X150"], request.Packages, { Name: "Eve^XZ~JR" });
    const zpl = Buffer.from(files.LABEL_ZPL_100X150![0]!, "base64").toString("utf8");
    expect(zpl).toContain("^FDEve XZ JR^FS");
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });
});
