import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { DateSettingProvider } from "~/components/date-setting";
import { pageDateSetting } from "~/shopify/shop.server";
import { authenticate } from "~/shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/**
 * Every page below writes dates in one setting: the admin's locale, the shop's locale and time zone
 * (app/shopify/shop.server.ts, `pageDateSetting`), read here once and passed down in the loader data,
 * so the server and the browser write the same text.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  return { dates: await pageDateSetting(request, session.shop, admin.graphql) };
};

/** Navigations inside the app drop Shopify's query parameters: keep the setting read when the admin opened the app. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ nextUrl, defaultShouldRevalidate }) => nextUrl.searchParams.has("locale") && defaultShouldRevalidate;

export default function AppLayout() {
  const { dates } = useLoaderData<typeof loader>();
  return (
    // root.tsx puts the App Bridge script in <head>, so the provider must not add a second one.
    <AppProvider isEmbeddedApp={false} apiKey="">
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/returns">Returns</Link>
        <Link to="/app/storefront">Storefront</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <DateSettingProvider setting={dates}>
        <Outlet />
      </DateSettingProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
