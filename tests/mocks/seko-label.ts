import { deflateSync } from "node:zlib";
import { fill, PDFDocument, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingGrayscaleColor, StandardFonts } from "pdf-lib";

/**
 * The label the simulated SEKO prints: one 100 × 150 mm page per package, as
 * PDF (pdf-lib), PNG (a coarse raster of the same layout: text lines drawn as
 * blocks) or ZPL (text for a label printer). It carries what a real return
 * label does: the carrier, the sender (the customer, the request's Origin),
 * the return address (Destination), the references, the package and a
 * barcode of the consignment number with the number under it.
 *
 * The barcode is a real Code 128 of the consignment number (code set B, with
 * its check symbol and quiet zones): drawn as bars in the PDF and PNG, asked of
 * the printer (^BC) in the ZPL.
 */

export type LabelParty = { name: string; lines: string[] };

export type LabelContent = {
  connote: string;
  trackingNo: string;
  packageNumber: number;
  packageCount: number;
  from: LabelParty;
  to: LabelParty;
  reference: string;
  reference2?: string;
  kg?: number;
  /** YYYY-MM-DD. */
  date: string;
};

/** The page: 100 × 150 mm, in PDF points. */
export const LABEL_WIDTH_PT = (100 * 72) / 25.4;
export const LABEL_HEIGHT_PT = (150 * 72) / 25.4;

const MM = 72 / 25.4;

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown) => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");

function party(value: unknown, fallback: string): LabelParty {
  const record = asRecord(value);
  const address = asRecord(record.Address);
  const cityLine = [text(address.City), text(address.PostCode)].filter(Boolean).join(" ");
  const lines = [text(address.BuildingName), text(address.StreetAddress), text(address.Suburb), cityLine, text(address.CountryCode)].filter(Boolean);
  return { name: text(record.Name) || fallback, lines };
}

/** What the label of package `index` (0-based) of a printshipment request shows. */
export function labelContent(request: unknown, connote: string, index: number, date = new Date()): LabelContent {
  const body = asRecord(request);
  const packages = Array.isArray(body.Packages) ? body.Packages : [];
  const kg = Number(asRecord(packages[index]).Kg);
  return {
    connote,
    trackingNo: `${connote}${String(index + 1).padStart(2, "0")}`,
    packageNumber: index + 1,
    packageCount: Math.max(1, packages.length),
    // Without an Origin, OmniParcel uses the site's default address.
    from: party(body.Origin, "Sender's default address"),
    to: party(body.Destination, "Return address"),
    reference: text(body.DeliveryReference),
    reference2: text(body.Reference2) || undefined,
    kg: Number.isFinite(kg) && kg > 0 ? kg : undefined,
    date: date.toISOString().slice(0, 10),
  };
}

// ---------- the layout, shared by the three formats (millimetres from the top left) ----------

type TextItem = { kind: "text"; x: number; y: number; size: number; bold?: boolean; text: string };
type Box = { kind: "box"; x: number; y: number; w: number; h: number; bar?: boolean };
type Item = TextItem | Box;

/** Standard PDF fonts speak WinAnsi: accents are dropped and anything else becomes "?", so any name prints. */
function printable(value: string) {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?");
}

/** Cut to what fits `width` mm at `size` pt (a generous average glyph width). */
function fit(value: string, size: number, width: number) {
  const clean = printable(value);
  const max = Math.max(4, Math.floor((width * MM) / (size * 0.55)));
  return clean.length > max ? `${clean.slice(0, max - 1)}.` : clean;
}

/**
 * Code 128's symbols 0-106 as bar and space widths in modules (bar first): 0-102 the data values,
 * 103-105 Start A, B and C, 106 Stop (with its final bar). The standard's table, written out.
 */
const CODE128 = (
  "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 " +
  "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 " +
  "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 " +
  "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 " +
  "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 " +
  "114131 311141 411131 211412 211214 211232 2331112"
).split(" ");
const START_B = 104;
const STOP = 106;

/**
 * The consignment number as Code 128 (code set B: printable ASCII, anything else as "?"): Start B,
 * one symbol per character, the check symbol (Start B's value plus each value times its position,
 * modulo 103), Stop. Bar and space widths in modules, bar first.
 */
export function barcodeModules(value: string): number[] {
  const values = [...value].map((char) => {
    const code = char.charCodeAt(0);
    return code >= 32 && code <= 126 ? code - 32 : "?".charCodeAt(0) - 32;
  });
  const check = values.reduce((sum, symbol, index) => sum + symbol * (index + 1), START_B) % 103;
  return [START_B, ...values, check, STOP].flatMap((symbol) => [...CODE128[symbol]!].map(Number));
}

function barcodeBoxes(value: string, x: number, y: number, width: number, height: number): Box[] {
  const modules = barcodeModules(value);
  const unit = width / modules.reduce((sum, count) => sum + count, 0);
  const boxes: Box[] = [];
  let at = x;
  modules.forEach((count, index) => {
    if (index % 2 === 0) boxes.push({ kind: "box", x: at, y, w: count * unit, h: height, bar: true });
    at += count * unit;
  });
  return boxes;
}

export function labelLayout(content: LabelContent): Item[] {
  const items: Item[] = [];
  const line = (x: number, y: number, size: number, value: string, bold = false) => items.push({ kind: "text", x, y, size, bold, text: fit(value, size, 94 - x) });
  const rule = (y: number) => items.push({ kind: "box", x: 3, y, w: 94, h: 0.4 });
  // The frame.
  items.push({ kind: "box", x: 3, y: 3, w: 94, h: 0.6 }, { kind: "box", x: 3, y: 146.4, w: 94, h: 0.6 }, { kind: "box", x: 3, y: 3, w: 0.6, h: 144 }, { kind: "box", x: 96.4, y: 3, w: 0.6, h: 144 });
  line(6, 6, 16, "SEKO RETURNS", true);
  items.push({ kind: "box", x: 70, y: 5.5, w: 24, h: 8 });
  line(6, 14, 8, ["Return label", content.reference2].filter(Boolean).join(" - "));
  rule(19);
  line(6, 21, 7, "FROM (sender)");
  line(6, 25, 9, content.from.name, true);
  content.from.lines.slice(0, 4).forEach((value, index) => line(6, 29 + index * 3.8, 9, value));
  rule(45);
  line(6, 47, 7, "RETURN TO");
  line(6, 51, 13, content.to.name, true);
  content.to.lines.slice(0, 4).forEach((value, index) => line(6, 57 + index * 5, 11, value));
  rule(80);
  line(6, 83, 9, `Reference ${content.reference}`);
  line(6, 88, 9, `Package ${content.packageNumber} of ${content.packageCount}${content.kg ? ` - ${content.kg} kg` : ""}`);
  line(6, 93, 9, `Printed ${content.date}`);
  rule(99);
  // 80 mm wide, more than 6 mm clear of the frame on each side: Code 128's quiet zone is 10 modules (about 5 mm here).
  items.push(...barcodeBoxes(content.connote, 10, 103, 80, 24));
  line(10, 130, 14, content.connote, true);
  line(10, 137, 8, `Tracking ${content.trackingNo}`);
  return items;
}

// ---------- PDF ----------

export async function labelPdf(content: LabelContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Return label ${content.connote}`);
  pdf.setProducer("Simulated SEKO (tests/mocks/seko-label.ts)");
  const page = pdf.addPage([LABEL_WIDTH_PT, LABEL_HEIGHT_PT]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const items = labelLayout(content);
  // Every box (frame, rules, bars) as one filled path: far cheaper than a drawRectangle each.
  const boxes = items.flatMap((item) => (item.kind === "box" ? [rectangle(item.x * MM, LABEL_HEIGHT_PT - (item.y + item.h) * MM, item.w * MM, item.h * MM)] : []));
  page.pushOperators(pushGraphicsState(), setFillingGrayscaleColor(0), ...boxes, fill(), popGraphicsState());
  for (const item of items) {
    if (item.kind === "text") page.drawText(item.text, { x: item.x * MM, y: LABEL_HEIGHT_PT - item.y * MM - item.size * 0.8, size: item.size, font: item.bold ? bold : regular, color: rgb(0, 0, 0) });
  }
  // White on the header's black box.
  page.drawText("RETURN", { x: 72.5 * MM, y: LABEL_HEIGHT_PT - 11.8 * MM, size: 12, font: bold, color: rgb(1, 1, 1) });
  // No object streams: the file stays readable as plain PDF objects.
  return pdf.save({ useObjectStreams: false });
}

// ---------- PNG ----------

const PX_PER_MM = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** 8-bit greyscale at 4 px/mm (400 × 600): boxes as drawn, each text line as a block of its length. */
export function labelPng(content: LabelContent): Buffer {
  const width = 100 * PX_PER_MM;
  const height = 150 * PX_PER_MM;
  const pixels = Buffer.alloc(width * height, 255);
  const fill = (x: number, y: number, w: number, h: number, shade: number) => {
    const [x0, y0] = [Math.round(x * PX_PER_MM), Math.round(y * PX_PER_MM)];
    const [x1, y1] = [Math.min(width, Math.max(x0 + 1, Math.round((x + w) * PX_PER_MM))), Math.min(height, Math.max(y0 + 1, Math.round((y + h) * PX_PER_MM)))];
    for (let row = y0; row < y1; row++) pixels.fill(shade, row * width + x0, row * width + x1);
  };
  for (const item of labelLayout(content)) {
    if (item.kind === "box") fill(item.x, item.y, item.w, item.h, 0);
    else fill(item.x, item.y + (item.size * 0.15) / MM, (item.text.length * item.size * 0.5) / MM, (item.size * 0.6) / MM, item.bold ? 40 : 110);
  }
  // Each row: filter type 0, then its pixels.
  const raw = Buffer.alloc((width + 1) * height);
  for (let row = 0; row < height; row++) pixels.copy(raw, row * (width + 1) + 1, row * width, (row + 1) * width);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  // pHYs: 4000 pixels per metre, so a viewer shows it at 100 × 150 mm.
  const physical = Buffer.alloc(9);
  physical.writeUInt32BE(PX_PER_MM * 1000, 0);
  physical.writeUInt32BE(PX_PER_MM * 1000, 4);
  physical[8] = 1;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("pHYs", physical),
    chunk("tEXt", Buffer.from(`Title\0Return label ${printable(content.connote)}`, "latin1")),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------- ZPL ----------

const DOTS_PER_MM = 8;

/** 203 dpi (8 dots/mm), 800 × 1200 dots; the printer draws the text and a real Code 128. */
export function labelZpl(content: LabelContent): string {
  const dots = (mm: number) => Math.round(mm * DOTS_PER_MM);
  // ^ and ~ start ZPL commands: never inside field data.
  const field = (value: string) => value.replace(/[\^~]/g, " ");
  const lines = ["^XA", "^CI28", `^PW${dots(100)}`, `^LL${dots(150)}`];
  for (const item of labelLayout(content)) {
    if (item.kind === "box" && item.bar) continue; // ^BC below draws a real Code 128 instead
    if (item.kind === "box") lines.push(`^FO${dots(item.x)},${dots(item.y)}^GB${dots(item.w)},${Math.max(1, dots(item.h))},${Math.max(1, Math.min(dots(item.w), dots(item.h)))}^FS`);
    else {
      const height = Math.round((item.size / MM) * DOTS_PER_MM);
      lines.push(`^FO${dots(item.x)},${dots(item.y)}^A0N,${height},${height}^FD${field(item.text)}^FS`);
    }
  }
  lines.push(`^FO${dots(72.5)},${dots(7.5)}^A0N,34,34^FR^FDRETURN^FS`);
  lines.push(`^FO${dots(10)},${dots(103)}^BY2^BCN,${dots(24)},N,N,N^FD${field(content.connote)}^FS`);
  lines.push("^XZ");
  return `${lines.join("\n")}\n`;
}

/**
 * pdf-lib's first document in a process is slow (its fonts' metrics unpacked, its code not yet
 * optimised: hundreds of milliseconds on a busy machine), and tests give SEKO 200 ms to answer
 * (tests/setup/seko-client.ts). So one label is built as soon as this module loads, while a test
 * file is still being set up; a request that comes sooner waits for it rather than building a
 * second cold one.
 */
const warmedUp = labelPdf(labelContent({}, "SEKO0000000", 0)).then(
  () => undefined,
  () => undefined,
);

/** The base64 file SEKO puts in OutputFiles[output] for this label. */
export async function sekoLabelFile(output: string, content: LabelContent): Promise<string> {
  await warmedUp;
  const kind = /^LABEL_(PDF|PNG|ZPL)_/.exec(output)?.[1] ?? "PDF";
  if (kind === "PNG") return labelPng(content).toString("base64");
  if (kind === "ZPL") return Buffer.from(labelZpl(content), "utf8").toString("base64");
  return Buffer.from(await labelPdf(content)).toString("base64");
}
