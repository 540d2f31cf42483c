// Where a link into the shop's own Shopify admin leads in the simulated admin. Shopify sends
// https://<shop>.myshopify.com/admin/<path> (and App Bridge's shopify://admin/<path> or shopify:admin/<path>) to
// admin.shopify.com/store/<handle>/<path>; the simulated admin serves the same paths on its own
// origin, so the app's deep links (app/storefront/link.ts, app/customer-account/placement.ts) stay
// as Shopify wants them and open the simulated theme and customer accounts editors, and an order's
// page (./order-page.ts, the returns the app wrote into Shopify), in the demo.
// Served in front of the App Bridge stand-in (tests/demo/admin.ts); tests/demo/admin-links.test.ts.
(function (root) {
  "use strict";
  /**
   * @param {string} href the link as the app wrote it
   * @param {string} shop the shop's myshopify.com domain
   * @param {string} adminOrigin the simulated admin's origin
   * @returns {string | null} the simulated admin's address, or null for a link that is not into this shop's admin
   */
  root.simulatedAdminUrl = function (href, shop, adminOrigin) {
    var url;
    try {
      url = new URL(href);
    } catch (error) {
      return null;
    }
    var handle = shop.replace(/\.myshopify\.com$/, "");
    var rest = null;
    if (url.protocol === "shopify:" && url.host === "admin") rest = url.pathname;
    else if (url.protocol === "shopify:" && url.host === "" && /^admin(\/|$)/.test(url.pathname)) rest = url.pathname.slice("admin".length);
    else if (url.protocol === "https:" && url.hostname === shop && /^\/admin(\/|$)/.test(url.pathname)) rest = url.pathname.slice("/admin".length);
    else if (url.protocol === "https:" && url.hostname === "admin.shopify.com" && url.pathname.indexOf("/store/" + handle + "/") === 0) rest = url.pathname.slice(("/store/" + handle).length);
    if (rest === null) return null;
    return adminOrigin + "/store/" + handle + (rest === "" || rest.charAt(0) === "/" ? rest : "/" + rest) + url.search + url.hash;
  };
})(typeof window === "undefined" ? globalThis : window);
