/**
 * Online store themes and their files: `files(filenames:)` takes exact names and `*` patterns, and
 * answers a NOT_FOUND user error for each exact name the theme lacks.
 */
import { createHash } from "node:crypto";
import type { DemoTheme } from "../../fixtures/demo-store";
import { connection, type ConnectionArgs } from "./connections";
import { legacyId, numericId, type Ctx, type Obj } from "./resolver-context";

export function themeView(theme: DemoTheme, ctx: Ctx): Obj {
  return {
    __typename: "OnlineStoreTheme",
    id: theme.id,
    name: theme.name,
    role: theme.role,
    processing: theme.processing,
    processingFailed: false,
    prefix: `/t/${legacyId(theme.id).slice(-2)}`,
    themeStoreId: 887,
    createdAt: theme.createdAt,
    updatedAt: theme.updatedAt,
    files: (args: { filenames?: string[] | null } & ConnectionArgs) => {
      const patterns = args.filenames?.map((name) => new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
      const files = patterns ? theme.files.filter((file) => patterns.some((p) => p.test(file.filename))) : theme.files;
      const missing = (args.filenames ?? []).filter((name) => !name.includes("*") && !theme.files.some((f) => f.filename === name));
      const conn = connection(
        files,
        { ...args, first: args.first ?? 50 },
        ctx,
        (file) => [file.filename, 0],
        (file) => ({
          filename: file.filename,
          contentType: file.contentType,
          size: String(Buffer.byteLength(file.content)),
          checksumMd5: createHash("md5").update(file.content).digest("hex"),
          createdAt: file.createdAt,
          updatedAt: file.updatedAt,
          body: { __typename: "OnlineStoreThemeFileBodyText", content: file.content },
        }),
      );
      return { ...conn, userErrors: missing.map((filename) => ({ code: "NOT_FOUND", filename })) };
    },
  };
}

/** The root field that lists themes. */
export const themeRootFields = {
  themes: (args: ConnectionArgs & { roles?: string[] | null; names?: string[] | null }, ctx: Ctx) => {
    const themes = ctx.runtime.data.themes.filter((t) => (!args.roles || args.roles.includes(t.role)) && (!args.names || args.names.includes(t.name)));
    return connection(
      themes,
      args,
      ctx,
      (t) => [numericId(t.id), numericId(t.id)],
      (t) => themeView(t, ctx),
    );
  },
};
