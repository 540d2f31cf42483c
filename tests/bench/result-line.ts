/** A benchmark script's result: the last line of its output that is a JSON object (each script prints one as it ends). */
export function resultLine(out: string, script: string): string {
  const line = out
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`${script} printed no result:\n${out}`);
  return line;
}
