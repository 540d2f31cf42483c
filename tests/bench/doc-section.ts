import fs from "node:fs";

/** docs/benchmarks.md with the section starting at `heading` replaced by `section` (appended when absent): for a benchmark run alone. */
export function replaceDocSection(heading: string, section: string, docs = "docs/benchmarks.md") {
  const text = fs.readFileSync(docs, "utf8");
  const start = text.indexOf(`\n${heading}`);
  const end = start < 0 ? -1 : text.indexOf("\n## ", start + 1);
  const next = start < 0 ? `${text.trimEnd()}\n\n${section.trimEnd()}\n` : `${text.slice(0, start + 1)}${section.trimEnd()}\n${end < 0 ? "" : text.slice(end)}`;
  fs.writeFileSync(docs, next);
}

/** The section of docs/benchmarks.md starting at `heading` as it stands, or null: what a full run keeps of the parts it does not run. */
export function docSection(heading: string, docs = "docs/benchmarks.md"): string | null {
  const text = fs.readFileSync(docs, "utf8");
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) return null;
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end).trimEnd();
}
