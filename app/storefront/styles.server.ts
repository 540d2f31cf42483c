// The extension's styles, bundled at build time, for the Storefront page's live preview: the preview
// uses the very CSS the storefront gets (inlined by snippets/returns-link-styles.liquid).
import source from "../../extensions/returns-link/snippets/returns-link-styles.liquid?raw";

export const RETURNS_LINK_CSS: string = /<style>([\s\S]*?)<\/style>/.exec(source)?.[1]?.trim() ?? "";
