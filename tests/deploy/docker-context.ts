/**
 * Which files `docker build .` sends as its build context, from `.dockerignore`, with Docker's own
 * rules (the `ignorefile` and `patternmatcher` packages of moby, which the builder uses):
 * - one pattern a line; a line starting with `#` is a comment; surrounding spaces are trimmed;
 * - `!` makes an exception; the pattern is cleaned like a path (`./a/` is `a`), a leading `/` dropped;
 * - a pattern matches the whole path from the context's root: `*` and `?` never cross a `/`, `**`
 *   crosses any number of directories (none included), `[...]` is a character class, `\` escapes;
 *   so `*.sqlite` matches only at the root, and the same pattern after `**` and a slash at any depth;
 * - a path is excluded when it or one of its parent directories matches, and the last pattern that
 *   matches decides (an exception after an exclusion brings a path back, and the other way round).
 * Used by tests/deploy/docker-context.test.ts; nothing here runs in the app.
 */
import fs from "node:fs";
import path from "node:path";

type Pattern = { exclusion: boolean; regex: RegExp };

/** Path cleaning as Go's path.Clean does it, for the relative patterns of an ignore file. */
function cleanPath(value: string) {
  const rooted = value.startsWith("/");
  const parts: string[] = [];
  for (const part of value.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length && parts[parts.length - 1] !== "..") parts.pop();
    else if (part !== ".." || !rooted) parts.push(part);
  }
  const joined = parts.join("/");
  return rooted ? `/${joined}` : joined || ".";
}

/** The patterns of an ignore file's text, as moby's `ignorefile.ReadAll` reads them. */
export function readIgnoreFile(text: string): string[] {
  const patterns: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index === 0 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.startsWith("#")) continue;
    let pattern = line.trim();
    if (!pattern) continue;
    const invert = pattern.startsWith("!");
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

const REGEX_SPECIALS = new Set([".", "$", "+", "(", ")", "{", "}", "^", "|"]);

/** A pattern as the regular expression moby's `Pattern.compile` makes of it (separator `/`). */
function compile(pattern: string): RegExp {
  let source = "^";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "*") {
      if (chars[i + 1] === "*") {
        i++;
        if (chars[i + 1] === "/") i++; // "**/" is "**"
        source += i + 1 >= chars.length ? ".*" : "(.*/)?";
      } else source += "[^/]*";
    } else if (ch === "?") source += "[^/]";
    else if (REGEX_SPECIALS.has(ch)) source += `\\${ch}`;
    else if (ch === "\\") {
      if (i + 1 < chars.length) source += `\\${chars[++i]}`;
      else source += "\\\\";
    } else source += ch;
  }
  return new RegExp(`${source}$`, "s");
}

export type ContextRules = { excludes: (file: string) => boolean; hasExceptions: boolean };

/** The rules of a `.dockerignore` text: `excludes(path)` for a path relative to the context, `/`-separated. */
export function contextRules(ignoreFileText: string): ContextRules {
  const patterns: Pattern[] = [];
  for (const line of readIgnoreFile(ignoreFileText)) {
    let pattern = line.trim();
    if (!pattern) continue;
    pattern = cleanPath(pattern);
    const exclusion = pattern.startsWith("!");
    if (exclusion) {
      if (pattern.length === 1) throw new Error('illegal exclusion pattern: "!"');
      pattern = pattern.slice(1);
    }
    patterns.push({ exclusion, regex: compile(pattern) });
  }
  const excludes = (file: string) => {
    const cleaned = cleanPath(file);
    const parent = path.posix.dirname(cleaned);
    const parentDirs = parent.split("/");
    let matched = false;
    for (const pattern of patterns) {
      // As moby: an exclusion pattern only matters once the path is excluded, an inclusion only before.
      if (pattern.exclusion !== matched) continue;
      let match = pattern.regex.test(cleaned);
      if (!match && parent !== ".") {
        for (let i = 0; i < parentDirs.length && !match; i++) match = pattern.regex.test(parentDirs.slice(0, i + 1).join("/"));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  };
  return { excludes, hasExceptions: patterns.some((pattern) => pattern.exclusion) };
}

/**
 * Every file under `root` the build context would hold. As Docker does, a directory that is
 * excluded is not entered when no exception pattern could bring something in it back.
 */
export function contextFiles(root: string, rules: ContextRules): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!rules.hasExceptions && rules.excludes(child)) continue;
        walk(child);
      } else if (!rules.excludes(child)) files.push(child);
    }
  };
  walk("");
  return files;
}
