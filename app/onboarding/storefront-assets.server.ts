// The extension's stylesheet, bundled at build time, for the Storefront page's live preview: the
// preview uses the very CSS the storefront loads.
import css from "../../extensions/returns-link/assets/returns-link.css?raw";

export const RETURNS_LINK_CSS: string = css;
