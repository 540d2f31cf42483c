/**
 * Access: every field resolved is checked against the published rules, as Shopify does: the
 * token's scopes, and the app's protected customer data approval (./admin-schema.ts).
 */
import { defaultFieldResolver, getNamedType, GraphQLError, isAbstractType, isObjectType, type GraphQLFieldResolver, type GraphQLOutputType } from "graphql";
import { LEVEL_1_TYPES, publishedAccessRules, satisfies, type Requirement } from "./admin-schema";
import type { Ctx, Obj } from "./resolver-context";

/** Shopify's answer to a field the token's scopes do not cover: the field null, this error beside it. */
function accessDenied(field: string, requirement: Requirement) {
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requirement.text}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: requirement.text },
  });
}

const CUSTOMER_DATA_DOCS = "https://shopify.dev/docs/apps/launch/protected-customer-data";

/** Shopify's answer when the app is not approved for a kind of protected customer data. */
function notApproved(what: string) {
  return new GraphQLError(`This app is not approved to ${what}. See ${CUSTOMER_DATA_DOCS} for more details.`, {
    extensions: { code: "ACCESS_DENIED", documentation: CUSTOMER_DATA_DOCS },
  });
}

const connectionNodeType = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith("Connection")) return null;
  const nodes = named.getFields().nodes;
  return nodes ? getNamedType(nodes.type) : null;
};

const requirementsByField = new Map<string, Requirement[]>();

/** The field's own rule, its type's, and for a connection its node type's. */
function fieldRequirements(parentType: string, field: string, returnType: GraphQLOutputType): Requirement[] {
  const key = `${parentType}.${field}`;
  let found = requirementsByField.get(key);
  if (!found) {
    const rules = publishedAccessRules();
    const named = getNamedType(returnType);
    const nodeType = connectionNodeType(returnType);
    found = [rules.fields.get(key), rules.types.get(named.name), nodeType ? rules.types.get(nodeType.name) : undefined].filter((r): r is Requirement => Boolean(r));
    requirementsByField.set(key, found);
  }
  return found;
}

function checkObjectType(typeName: string, field: string, ctx: Ctx, operation: "query" | "mutation") {
  const requirement = publishedAccessRules().types.get(typeName);
  if (requirement && !satisfies(requirement, ctx.scopes, operation)) throw accessDenied(field, requirement);
  if (LEVEL_1_TYPES.has(typeName) && !ctx.customerData.level1) throw notApproved(`access the ${typeName} object`);
}

export const checkedResolver: GraphQLFieldResolver<unknown, Ctx> = (source, args, ctx, info) => {
  const operation = info.operation.operation === "mutation" ? "mutation" : "query";
  for (const requirement of fieldRequirements(info.parentType.name, info.fieldName, info.returnType)) {
    if (!satisfies(requirement, ctx.scopes, operation)) throw accessDenied(info.fieldName, requirement);
  }
  const content = publishedAccessRules().protectedFields.get(`${info.parentType.name}.${info.fieldName}`);
  if (content && !(ctx.customerData.level1 && ctx.customerData.fields.includes(content))) throw notApproved(`use the ${info.fieldName} field`);
  const named = getNamedType(info.returnType);
  const nodeType = connectionNodeType(info.returnType);
  for (const type of [named, nodeType]) if (type && LEVEL_1_TYPES.has(type.name) && !ctx.customerData.level1) throw notApproved(`access the ${type.name} object`);
  const value = defaultFieldResolver(source, args, ctx, info);
  if (!isAbstractType(named)) return value;
  // `node`, `nodes` and unions: the rule is the concrete type's, known once resolved.
  const check = (item: unknown) => {
    const typename = item && typeof item === "object" ? (item as Obj).__typename : undefined;
    if (typeof typename === "string") checkObjectType(typename, info.fieldName, ctx, operation);
  };
  if (Array.isArray(value)) value.forEach(check);
  else check(value);
  return value;
};
