/**
 * App-data metafields: metafields on the app's own installation, which only this app can read or
 * write and which a theme app extension reads in Liquid as `app.metafields.<namespace>.<key>`.
 * They need no access scope. Shopify deletes them when the app is uninstalled.
 */
import type { AppMetafieldsQuery, AppMetafieldsSetMutation, AppMetafieldsDeleteMutation } from "~/types/admin.generated";
import { adminQuery, ShopifyResponseError, typed, type AdminGraphql } from "./admin.server";

const APP_METAFIELDS = `#graphql
  query AppMetafields($namespace: String!) {
    currentAppInstallation {
      id
      metafields(namespace: $namespace, first: 25) {
        nodes {
          key
          type
          value
        }
      }
    }
  }
`;

const APP_METAFIELDS_SET = `#graphql
  mutation AppMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        value
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const APP_METAFIELDS_DELETE = `#graphql
  mutation AppMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export type AppMetafieldType = "url" | "boolean" | "single_line_text_field";
export type AppMetafields = { installationId: string; values: Record<string, string> };

/** The installation's id and its metafields in one namespace, by key. */
export async function readAppMetafields(graphql: AdminGraphql, namespace: string): Promise<AppMetafields> {
  const data = await adminQuery(graphql, APP_METAFIELDS, typed<AppMetafieldsQuery>(), { namespace });
  const installation = data.currentAppInstallation;
  return { installationId: installation.id, values: Object.fromEntries(installation.metafields.nodes.map((node) => [node.key, node.value])) };
}

/**
 * Sets and removes metafields in one namespace of the installation. Shopify rejects a blank value, so
 * a value that is no longer wanted is deleted instead. Throws when Shopify refuses any of it.
 */
export async function writeAppMetafields(
  graphql: AdminGraphql,
  installationId: string,
  namespace: string,
  changes: { set: { key: string; type: AppMetafieldType; value: string }[]; remove: string[] },
): Promise<void> {
  if (changes.set.length) {
    const metafields = changes.set.map((entry) => ({ ownerId: installationId, namespace, ...entry }));
    const data = await adminQuery(graphql, APP_METAFIELDS_SET, typed<AppMetafieldsSetMutation>(), { metafields });
    const errors = data.metafieldsSet?.userErrors ?? [];
    if (errors.length) throw new ShopifyResponseError(`Shopify refused the storefront settings: ${errors.map((e) => e.message).join(" ")}`, errors);
  }
  if (changes.remove.length) {
    const metafields = changes.remove.map((key) => ({ ownerId: installationId, namespace, key }));
    const data = await adminQuery(graphql, APP_METAFIELDS_DELETE, typed<AppMetafieldsDeleteMutation>(), { metafields });
    const errors = data.metafieldsDelete?.userErrors ?? [];
    if (errors.length) throw new ShopifyResponseError(`Shopify refused to clear storefront settings: ${errors.map((e) => e.message).join(" ")}`, errors);
  }
}
