import { expect, test } from "vitest";
import { splitLines } from "./bulk-file.server";

async function* pieces<T>(parts: T[]) {
  for (const part of parts) yield part;
}

async function linesOf(parts: (Uint8Array | string)[]) {
  const chunks: string[][] = [];
  for await (const chunk of splitLines(pieces(parts))) chunks.push(chunk);
  return chunks;
}

const TEXT = [
  '{"id":"gid://shopify/Order/1","name":"#1001 — Ōtautahi"}',
  "",
  '{"id":"gid://shopify/LineItem/2","title":"Tē 👕"}',
  '{"id":"gid://shopify/Order/3"}',
  "",
  "",
  '{"last":"no newline"}',
].join("\n");
const EXPECTED = TEXT.split("\n").filter((line) => line !== "");

test("lines are whole however the bytes are cut: mid-line, mid-character, a line across several chunks, blank lines skipped, the last without a newline", async () => {
  const bytes = new TextEncoder().encode(TEXT);
  for (const size of [1, 2, 3, 5, 7, 16, 33, 64, bytes.length]) {
    const parts: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
    const chunks = await linesOf(parts);
    expect(chunks.flat(), `chunks of ${size} bytes`).toEqual(EXPECTED);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
  }
});

test("text chunks too, and the complete lines of one chunk come together", async () => {
  expect(await linesOf(["a\nb\nc", "d\n", "\n", "e"])).toEqual([["a", "b"], ["cd"], ["e"]]);
  expect(await linesOf(["", "\n\n"])).toEqual([]);
});
