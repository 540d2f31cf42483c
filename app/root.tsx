import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { env } from "~/utils/env.server";

const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

// Public values only: the client id is in every embedded URL anyway.
export const loader = async (_args: LoaderFunctionArgs) => {
  const { SHOPIFY_API_KEY, APP_BRIDGE_URL } = env();
  return { apiKey: SHOPIFY_API_KEY, appBridgeUrl: APP_BRIDGE_URL ?? APP_BRIDGE_CDN };
};

export const shouldRevalidate = () => false;

// The app's own icon (public/): SVG where the browser takes it, a 32 px PNG at /favicon.ico otherwise.
export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
];

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  const embedded = useLocation().pathname.startsWith("/app");
  return (
    <html lang="en">
      <head>
        {/* App Bridge must be the first script in <head> of every embedded page (Built for Shopify). */}
        {embedded ? <script src={appBridgeUrl} data-api-key={apiKey} /> : null}
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="shopify-debug" content="web-vitals" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * A refusal no route answers itself (a form over its cap, a page that does not exist) or an error: a plain
 * page saying so. Without it Remix's default boundary printed each refusal to the log as an object
 * (errors are logged once, by handleError in app/entry.server.tsx).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something went wrong on our side. Reload the page; if it happens again, contact SEKO Returns support.";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>SEKO Returns</title>
        <Links />
      </head>
      <body>
        <p>{message}</p>
        <Scripts />
      </body>
    </html>
  );
}
