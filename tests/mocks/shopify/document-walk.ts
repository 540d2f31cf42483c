/** Walking documents: shared by the cost calculator, the page-size checks and the bulk flattener. */
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { Obj } from "./resolver-context";

export interface CollectedField {
  key: string;
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
}

export function collectFields(
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
  out: CollectedField[] = [],
  seen = new Set<string>(),
): CollectedField[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const fields = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields() : {};
      const def = fields[selection.name.value];
      if (def) out.push({ key: selection.alias?.value ?? selection.name.value, node: selection, def });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : parentType;
      if (type) collectFields(selection.selectionSet, type, fragments, schema, out, seen);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
      if (type) collectFields(fragment.selectionSet, type, fragments, schema, out, seen);
      seen.delete(fragment.name.value);
    }
  }
  return out;
}

export const isConnectionType = (type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith("Connection") && "pageInfo" in named.getFields();
};

/** The selection and type of a connection's node, from `edges { node }` and/or `nodes`. */
export function connectionNodeSelections(field: CollectedField, fragments: Record<string, FragmentDefinitionNode>, schema: GraphQLSchema) {
  const connType = getNamedType(field.def.type) as GraphQLCompositeType;
  const result: { via: "edges" | "nodes"; key: string; nodeKey?: string; selectionSet: SelectionSetNode; type: GraphQLCompositeType }[] = [];
  if (!field.node.selectionSet) return result;
  for (const child of collectFields(field.node.selectionSet, connType, fragments, schema)) {
    if (child.def.name === "nodes" && child.node.selectionSet) {
      result.push({ via: "nodes", key: child.key, selectionSet: child.node.selectionSet, type: getNamedType(child.def.type) as GraphQLCompositeType });
    } else if (child.def.name === "edges" && child.node.selectionSet) {
      const edgeType = getNamedType(child.def.type) as GraphQLCompositeType;
      for (const edgeField of collectFields(child.node.selectionSet, edgeType, fragments, schema)) {
        if (edgeField.def.name === "node" && edgeField.node.selectionSet) {
          result.push({ via: "edges", key: child.key, nodeKey: edgeField.key, selectionSet: edgeField.node.selectionSet, type: getNamedType(edgeField.def.type) as GraphQLCompositeType });
        }
      }
    }
  }
  return result;
}

export interface AnalysisContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

export function connectionItems(value: Obj, nodeSel: { via: "edges" | "nodes"; key: string; nodeKey?: string }): Obj[] {
  const list = value[nodeSel.key];
  if (!Array.isArray(list)) return [];
  return nodeSel.via === "nodes" ? (list as Obj[]) : (list as Obj[]).map((edge) => edge?.[nodeSel.nodeKey ?? "node"] as Obj).filter(Boolean);
}

export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return fragments;
}
