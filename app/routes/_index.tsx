import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "SEKO Returns for Shopify" }];

/** Shopify opens the app at its URL with `shop`; everything else lives under /app. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>SEKO Returns for Shopify</h1>
      <p>Set up SEKO Returns from your Shopify admin: the on-boarding form, contracts, order sync, return label emails, test returns and the returns-portal link on your storefront.</p>
      <p>Install the app from the Shopify App Store, then open it from your Shopify admin.</p>
    </main>
  );
}
