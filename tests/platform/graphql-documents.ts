/**
 * Finds every Admin GraphQL document in app/ (template literals that start with `#graphql`) and
 * checks it against Shopify's published schema and access rules, the way Shopify would answer it.
 *
 * Substitutions (`${ORDER_FIELDS}`, `${PAGE}`) are resolved to the constant they name, in the same
 * file or through a relative / `~/` import. A substitution that is not a constant is accepted only
 * where arguments go (right after a field name, e.g. `orders${filter} {`): it is read as "no
 * arguments", so the fields are still checked. Anywhere else it is an error: a document whose
 * fields are decided at run time cannot be checked, so it should not exist.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { LEVEL_1_TYPES, satisfies, type AccessRules, type ProtectedContent, type Requirement } from "../mocks/shopify/admin-schema";

export interface FoundDocument {
  file: string;
  line: number;
  text: string;
}

const appRoot = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface ParsedFile {
  source: ts.SourceFile;
  consts: Map<string, ts.Expression>;
  imports: Map<string, { file: string; name: string }>;
}

const parsed = new Map<string, ParsedFile>();

function resolveModule(from: string, specifier: string): string | null {
  const base = specifier.startsWith("~/") ? path.join(appRoot, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

function parseFile(file: string): ParsedFile {
  let found = parsed.get(file);
  if (found) return found;
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const consts = new Map<string, ts.Expression>();
  const imports = new Map<string, { file: string; name: string }>();
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name) && decl.initializer) consts.set(decl.name.text, decl.initializer);
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const target = resolveModule(file, statement.moduleSpecifier.text);
      const named = statement.importClause?.namedBindings;
      if (target && named && ts.isNamedImports(named)) {
        for (const element of named.elements) imports.set(element.name.text, { file: target, name: (element.propertyName ?? element.name).text });
      }
    }
  }
  found = { source, consts, imports };
  parsed.set(file, found);
  return found;
}

class Unresolvable extends Error {}

function constantValue(file: string, name: string, depth = 0): string {
  if (depth > 10) throw new Unresolvable(name);
  const parsedFile = parseFile(file);
  const init = parsedFile.consts.get(name);
  if (init) return evaluate(file, init, depth + 1);
  const imported = parsedFile.imports.get(name);
  if (imported) return constantValue(imported.file, imported.name, depth + 1);
  throw new Unresolvable(name);
}

function evaluate(file: string, node: ts.Expression, depth = 0): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) return constantValue(file, node.text, depth);
  if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node)) return evaluate(file, node.expression, depth);
  if (ts.isTemplateExpression(node)) return template(file, node, false);
  throw new Unresolvable(node.getText());
}

function template(file: string, node: ts.TemplateExpression, lenient: boolean): string {
  let text = node.head.text;
  for (const span of node.templateSpans) {
    try {
      text += evaluate(file, span.expression);
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error;
      const argumentPosition = /\w$/.test(text) && /^\s*\{/.test(span.literal.text);
      if (!lenient || !argumentPosition) {
        const { line } = node.getSourceFile().getLineAndCharacterOfPosition(span.expression.getStart());
        throw new Error(`${path.relative(process.cwd(), file)}:${line + 1}: \${${span.expression.getText()}} in a GraphQL document is not a constant`);
      }
    }
    text += span.literal.text;
  }
  return text;
}

const isGraphqlTemplate = (node: ts.Node): node is ts.TemplateExpression | ts.NoSubstitutionTemplateLiteral =>
  (ts.isTemplateExpression(node) ? node.head.text : ts.isNoSubstitutionTemplateLiteral(node) ? node.text : "").trimStart().startsWith("#graphql");

/** Every `#graphql` document under app/, with substitutions resolved. */
export function findAppDocuments(root = appRoot): FoundDocument[] {
  const documents: FoundDocument[] = [];
  for (const file of sourceFiles(root)) {
    const { source } = parseFile(file);
    const visitNode = (node: ts.Node) => {
      if (isGraphqlTemplate(node)) {
        const text = ts.isNoSubstitutionTemplateLiteral(node) ? node.text : template(file, node, true);
        documents.push({ file: path.relative(process.cwd(), file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
      }
      ts.forEachChild(node, visitNode);
    };
    visitNode(source);
  }
  return documents;
}

// ---------------------------------------------------------------------------------------------

export interface FieldUse {
  operation: string;
  /** `Type.field` */
  field: string;
  /** The rule that applies: the field's own, its type's, or a connection's node type's. */
  requirement: Requirement;
}

export interface DocumentReport {
  document: FoundDocument;
  operation: string;
  errors: string[];
  /** Every access rule the document's fields are under. */
  uses: FieldUse[];
  /** `Type.field` → protected content, for level 2 fields. */
  protectedFields: Map<string, ProtectedContent>;
  /** Level 1 objects the document reads. */
  level1Types: Set<string>;
  /** Every `Type.field` the document selects (fragments included, skipped or not). */
  fields: Set<string>;
}

const connectionNode = (type: GraphQLOutputType): GraphQLNamedType | null => {
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith("Connection")) return null;
  const nodes = named.getFields().nodes;
  return nodes ? getNamedType(nodes.type) : null;
};

export function analyseDocument(document: FoundDocument, schema: GraphQLSchema, rules: AccessRules): DocumentReport {
  const report: DocumentReport = { document, operation: "(unnamed)", errors: [], uses: [], protectedFields: new Map(), level1Types: new Set(), fields: new Set() };
  let ast;
  try {
    ast = parse(document.text);
  } catch (error) {
    report.errors.push(`does not parse: ${(error as Error).message}`);
    return report;
  }
  // A fragment on its own is checked where an operation uses it.
  if (!ast.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)) {
    report.operation = "(fragments)";
    return report;
  }
  for (const error of validate(schema, ast)) report.errors.push(error.message);
  // Deprecated fields and enum values are removed in a later version: the app moves off them now.
  for (const error of validate(schema, ast, [NoDeprecatedCustomRule])) report.errors.push(error.message);
  const typeInfo = new TypeInfo(schema);
  let operationType = "query" as "query" | "mutation";
  const addType = (type: GraphQLNamedType | null | undefined, field: string) => {
    if (!type) return;
    const rule = rules.types.get(type.name);
    if (rule) report.uses.push({ operation: report.operation, field, requirement: rule });
    if (LEVEL_1_TYPES.has(type.name)) report.level1Types.add(type.name);
  };
  visit(
    ast,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        report.operation = node.name?.value ?? "(unnamed)";
        operationType = node.operation === "mutation" ? "mutation" : "query";
      },
      InlineFragment() {
        const type = typeInfo.getType();
        if (type) addType(getNamedType(type), `... on ${getNamedType(type).name}`);
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        const def = typeInfo.getFieldDef();
        if (!parent || !def || node.name.value.startsWith("__")) return;
        const key = `${parent.name}.${def.name}`;
        report.fields.add(key);
        const own = rules.fields.get(key);
        if (own) report.uses.push({ operation: report.operation, field: key, requirement: own });
        const named = getNamedType(def.type);
        if (!isAbstractType(named)) addType(named, key);
        addType(connectionNode(def.type), key);
        const content = rules.protectedFields.get(key);
        if (content) report.protectedFields.set(key, content);
      },
    }),
  );
  // Mutations are judged by the mutation half of "for queries and ... for mutations" rules.
  if (operationType === "mutation") report.uses = report.uses.map((use) => ({ ...use, requirement: { ...use.requirement, query: use.requirement.mutation } }));
  return report;
}

/** The rules a document needs and the given scopes do not cover. */
export function uncovered(report: DocumentReport, scopes: readonly string[]): FieldUse[] {
  const granted = new Set(scopes);
  return report.uses.filter((use) => !satisfies(use.requirement, granted, "query"));
}
