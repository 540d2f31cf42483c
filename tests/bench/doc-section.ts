import fs from "node:fs";

/** docs/benchmarks.md with the section starting at `heading` replaced by `section` (appended when absent): for a benchmark run alone. */
export function replaceDocSection(heading: string, section: string, docs = "docs/benchmarks.md") {
  const text = fs.readFileSync(docs, "utf8");
  const start = text.indexOf(`\n${heading}`);
  const end = start < 0 ? -1 : text.indexOf("\n## ", start + 1);
  const next = start < 0 ? `${text.trimEnd()}\n\n${section.trimEnd()}\n` : `${text.slice(0, start + 1)}${section.trimEnd()}\n${end < 0 ? "" : text.slice(end)}`;
  fs.writeFileSync(docs, next);
}
