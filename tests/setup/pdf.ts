import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from "pdf-lib";

/**
 * What a test needs to know of a PDF: its page count, the first page's size
 * in points, and the text its first page draws. pdf-lib has no text
 * extraction, so the text is read from the page's content stream: the
 * strings of its Tj operators (pdf-lib writes them as hex, standard fonts
 * in WinAnsi), one per line.
 */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await PDFDocument.load(bytes);
  const [first] = pdf.getPages();
  if (!first) return { pages: 0, width: 0, height: 0, text: "", title: pdf.getTitle() };
  const contents = first.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
  const text = streams
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1"))
    .join("\n")
    .split("\n")
    .flatMap((line) => {
      const hex = /^<([0-9A-Fa-f]*)> Tj$/.exec(line.trim())?.[1];
      const literal = /^\((.*)\) Tj$/.exec(line.trim())?.[1];
      if (hex !== undefined) return [Buffer.from(hex, "hex").toString("latin1")];
      return literal !== undefined ? [literal] : [];
    })
    .join("\n");
  const { width, height } = first.getSize();
  return { pages: pdf.getPageCount(), width, height, text, title: pdf.getTitle() };
}
