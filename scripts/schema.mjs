/**
 * `npm run schema`: writes schema/diagnosis.schema.json and schema/reasons.schema.json from
 * the code, so the published schemas cannot drift from what promo-doctor prints.
 *
 * Sources, in this order of authority:
 * 1. The TypeScript types, read with the compiler's own type checker (typescript is already a
 *    devDependency; a generator package would add a dependency and still need the rewriting
 *    below for strict ajv: oneOf for nullable fields, no `type: [..]` unions):
 *    DiagnosisDocument (src/render/json.ts) and everything it refers to, EvidenceByCode and
 *    Finding (src/rules/findings.ts), CatalogueRecord (src/render/reasons.ts).
 * 2. The catalogue (src/rules/catalogue.ts, bundled in memory with esbuild): the reason codes
 *    in order, and each code's severity and object.
 * 3. The document's cross-field rules, which no type can say (verdict from severities, ...):
 *    INVARIANTS below, each with its reason.
 *
 * How types map to JSON Schema (draft 2020-12):
 * - an interface or object type: `additionalProperties: false`, required = its non-optional keys;
 * - `T | null`: `oneOf: [T, {type: null}]`; a union of string literals: `enum`, in source order;
 * - `number` is `integer` (Stripe's amounts, timestamps and counts are whole numbers); a field
 *   that may be fractional says `@asType number`;
 * - the types named in DEFS become `$defs` and are referenced; DiagnosisDocument is the root (`#`);
 * - JSDoc tags on a field or a type alias refine it, wherever they fit in the type (on the items
 *   of an array, on the non-null branch): @minLength @pattern @format (strings), @minimum
 *   @maximum @exclusiveMinimum (numbers), @minItems (arrays), @propertyNames <def> (records);
 *   the JSDoc text becomes the description.
 * - a type alias of the form `string & {}` (Id, IsoTime, Currency) is a string with the alias's
 *   tags: the `& {}` only keeps the alias's name visible to the checker.
 *
 * test/schema/schema-generated.test.ts regenerates both in memory and compares them with the files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCHEMA_URL = 'https://github.com/promo-doctor/promo-doctor/schema/';

/** TypeScript name -> $defs name, for the types worth a definition of their own. */
const DEFS = {
  IsoTime: 'iso_time',
  Currency: 'currency',
  Verdict: 'verdict',
  ReasonCode: 'reason_code',
  Severity: 'severity',
  FindingObject: 'finding_object',
  DiagnosisTarget: 'target',
  DocumentContext: 'context',
  Finding: 'finding',
  RedemptionCount: 'redemption_count',
  PriorTransaction: 'prior_transaction',
  RuleResult: 'check',
  Reference: 'reference',
  Deleted: 'deleted',
  Coupon: 'coupon',
  CouponLink: 'coupon_link',
  Restrictions: 'restrictions',
  PromotionCode: 'promotion_code',
  PromotionCodeLink: 'promotion_code_link',
  Customer: 'customer',
  CustomerLink: 'customer_link',
  Discount: 'discount',
  Subscription: 'subscription',
  DiscountDiagnosis: 'discount_diagnosis',
};

// ---------------------------------------------------------------- the type walker

class SchemaWriter {
  /** @param {ts.TypeChecker} checker @param {string} rootName @param {Record<string, string>} defNames */
  constructor(checker, rootName, defNames, custom = {}) {
    this.checker = checker;
    this.rootName = rootName;
    this.defNames = defNames;
    /** Definitions built by hand (the reason-code enum, the finding), by $defs name. */
    this.custom = custom;
    /** @type {Map<string, object>} */
    this.defs = new Map();
  }

  /** The name a type is known by: from the source when it says one (`code: ReasonCode`), else the checker's. */
  nameOf(type, node) {
    const written = node && unwrap(node);
    if (written && ts.isTypeReferenceNode(written) && !written.typeArguments) {
      let symbol = this.checker.getSymbolAtLocation(written.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      if (symbol && symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) return symbol.name;
    }
    const alias = type.aliasSymbol?.name;
    if (alias !== undefined) return alias;
    const symbol = type.getSymbol();
    return symbol && (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) !== 0 ? symbol.name : undefined;
  }

  /** A reference to a named type's definition, building the definition once. */
  reference(name, type) {
    if (name === this.rootName) return { $ref: '#' };
    const def = this.defNames[name];
    if (!this.defs.has(def)) {
      this.defs.set(def, {}); // reserves the name: recursive types refer to it
      const custom = this.custom[def];
      const body = custom
        ? custom(this, type)
        : this.withDocs(this.body(type, this.declarationNode(type)), this.symbolOf(type));
      this.defs.set(def, body);
    }
    return { $ref: `#/$defs/${def}` };
  }

  symbolOf(type) {
    return type.aliasSymbol ?? type.getSymbol();
  }

  /** The type node of an alias's declaration, for its members' source order. */
  declarationNode(type) {
    const decl = type.aliasSymbol?.declarations?.[0];
    return decl && ts.isTypeAliasDeclaration(decl) ? decl.type : undefined;
  }

  withDocs(schema, symbol) {
    if (!symbol) return schema;
    const text = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
    const refined = refine(schema, tagsOf(symbol, this.checker));
    return text ? { description: oneParagraph(text), ...refined } : refined;
  }

  /** The schema of `type`; `node`, when given, is its source (for unions and arrays as written). */
  schema(type, node) {
    const name = this.nameOf(type, node);
    if (name !== undefined && (name in this.defNames || name === this.rootName)) return this.reference(name, type);
    if (type.aliasSymbol && isBrandedString(type))
      return refine({ type: 'string' }, tagsOf(type.aliasSymbol, this.checker));
    // A reference to an alias (`status: RuleStatus`): read the alias as written, for its order.
    const written = node && unwrap(node);
    const source =
      written && ts.isTypeReferenceNode(written)
        ? (this.declarationNode(type) ?? written)
        : (written ?? this.declarationNode(type));
    return this.body(type, source);
  }

  body(type, node) {
    node = node && unwrap(node);
    const checker = this.checker;
    if (node && ts.isUnionTypeNode(node))
      return this.union(node.types.map((m) => [checker.getTypeFromTypeNode(m), unwrap(m)]));
    if (type.flags & ts.TypeFlags.Union) return this.union(type.types.map((t) => [t, undefined]));
    if (isBrandedString(type)) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Null) return { type: 'null' };
    if (type.flags & ts.TypeFlags.StringLiteral) return { const: type.value };
    if (type.flags & ts.TypeFlags.NumberLiteral) return { const: type.value };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { const: type.intrinsicName === 'true' };
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'integer' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (checker.isArrayType(type)) {
      const elementNode =
        node && ts.isArrayTypeNode(node)
          ? node.elementType
          : node && ts.isTypeReferenceNode(node)
            ? node.typeArguments?.[0]
            : undefined;
      return { type: 'array', items: this.schema(checker.getTypeArguments(type)[0], elementNode) };
    }
    if (type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return this.object(type);
    throw new Error(`schema: no JSON Schema for the type ${checker.typeToString(type)}`);
  }

  union(members) {
    const literals = [];
    const others = [];
    let nullable = false;
    const booleans = [];
    // `'once' | 'repeating' | string` is any string: the literals only document.
    const anyString = members.some(([type]) => type.flags & ts.TypeFlags.String);
    for (const [type, node] of members) {
      if (type.flags & ts.TypeFlags.Null) nullable = true;
      else if (
        anyString &&
        type.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.Union) &&
        !(this.nameOf(type, node) in this.defNames)
      )
        continue;
      else if (type.flags & ts.TypeFlags.Undefined) continue;
      else if (type.flags & ts.TypeFlags.BooleanLiteral) booleans.push(type.intrinsicName === 'true');
      else if (type.flags & ts.TypeFlags.StringLiteral && !this.nameOf(type, node)) literals.push(type.value);
      else if (type.flags & ts.TypeFlags.Union && !(this.nameOf(type, node) in this.defNames)) {
        // A union alias inside a union as written (`'pass' | Severity`): its members, in its order.
        const inner = this.schema(type, node);
        if (inner.enum) literals.push(...inner.enum);
        else others.push(inner);
      } else others.push(this.schema(type, node));
    }
    const branches = [...others];
    if (booleans.length === 2) branches.unshift({ type: 'boolean' });
    else if (booleans.length === 1) branches.unshift({ const: booleans[0] });
    if (literals.length > 0) branches.unshift(literals.length === 1 ? { const: literals[0] } : { enum: literals });
    if (nullable) branches.push({ type: 'null' });
    return branches.length === 1 ? branches[0] : { oneOf: branches };
  }

  object(type) {
    const checker = this.checker;
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) return { type: 'object', additionalProperties: this.schema(index.type) };
    const required = [];
    const properties = {};
    for (const property of checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const decl = property.valueDeclaration;
      const declNode =
        decl &&
        ts.isPropertySignature(decl) &&
        decl.type &&
        !decl.getSourceFile().isDeclarationFile &&
        !mentionsTypeParameter(decl.type, checker)
          ? decl.type
          : undefined;
      // The type as written when it can be trusted (no type parameter to instantiate): it keeps
      // aliases that the checker's union flattening loses. An optional field's undefined is left out.
      const propertyType = declNode ? checker.getTypeFromTypeNode(declNode) : checker.getTypeOfSymbol(property);
      properties[property.name] = this.withDocs(this.schema(propertyType, declNode), property);
      if (!optional) required.push(property.name);
    }
    const schema = { type: 'object', additionalProperties: false };
    if (required.length > 0) schema.required = required;
    schema.properties = properties;
    return schema;
  }
}

function unwrap(node) {
  while (
    ts.isParenthesizedTypeNode(node) ||
    (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)
  )
    node = node.type;
  return node;
}

/** `string & {}`: a string whose alias name the checker keeps. */
function isBrandedString(type) {
  return (
    (type.flags & ts.TypeFlags.Intersection) !== 0 &&
    type.types.some((t) => t.flags & ts.TypeFlags.String) &&
    type.types.every(
      (t) => t.flags & ts.TypeFlags.String || (t.flags & ts.TypeFlags.Object && t.getProperties().length === 0),
    )
  );
}

/** True when a type node refers to a type parameter: then only the instantiated type is right. */
function mentionsTypeParameter(node, checker) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isTypeReferenceNode(n)) {
      const symbol = checker.getSymbolAtLocation(n.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.TypeParameter) found = true;
    }
    if (ts.isIndexedAccessTypeNode(n) || ts.isMappedTypeNode(n) || ts.isTemplateLiteralTypeNode(n)) found = true;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function tagsOf(symbol, checker) {
  return symbol
    .getJsDocTags(checker)
    .map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text ?? []).trim() }));
}

function oneParagraph(text) {
  return text
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ')
    .trim();
}

const STRING_TAGS = { minLength: Number, pattern: String, format: String };
const NUMBER_TAGS = { minimum: Number, maximum: Number, exclusiveMinimum: Number };
const ARRAY_TAGS = { minItems: Number };

/** Applies each tag where it fits: strings, numbers and arrays, through nullable branches and items. */
function refine(schema, tags) {
  if (tags.length === 0) return schema;
  if (schema.oneOf)
    return { ...schema, oneOf: schema.oneOf.map((branch) => (branch.type === 'null' ? branch : refine(branch, tags))) };
  const out = { ...schema };
  const apply = (table) => {
    for (const tag of tags) if (tag.name in table) out[tag.name] = table[tag.name](tag.text);
  };
  if (schema.type === 'array') {
    apply(ARRAY_TAGS);
    out.items = refine(
      schema.items,
      tags.filter((t) => !(t.name in ARRAY_TAGS)),
    );
  } else if (schema.type === 'string') apply(STRING_TAGS);
  else if (schema.type === 'integer' || schema.type === 'number') {
    if (tags.some((t) => t.name === 'asType' && t.text === 'number')) out.type = 'number';
    apply(NUMBER_TAGS);
  } else if (schema.type === 'object') {
    const names = tags.find((t) => t.name === 'propertyNames');
    if (names) out.propertyNames = { $ref: `#/$defs/${names.text}` };
  }
  // Key order as a reader expects: type first, then constraints, then the rest.
  const { type, ...rest } = out;
  return type === undefined ? out : { type, ...rest };
}

// ---------------------------------------------------------------- inputs

function program() {
  const configPath = join(ROOT, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const roots = ['src/render/json.ts', 'src/render/reasons.ts', 'src/rules/findings.ts'].map((f) => join(ROOT, f));
  return ts.createProgram(roots, parsed.options);
}

function declaredType(prog, file, name) {
  const checker = prog.getTypeChecker();
  const source = prog.getSourceFile(join(ROOT, file));
  const symbol =
    source &&
    checker
      .getSymbolsInScope(source, ts.SymbolFlags.Type)
      .find((s) => s.name === name && s.declarations?.some((d) => d.getSourceFile() === source));
  if (!symbol) throw new Error(`schema: no type ${name} in ${file}`);
  const declared = checker.getExportSymbolOfSymbol(symbol);
  return { type: checker.getDeclaredTypeOfSymbol(declared), symbol: declared };
}

/** The catalogue's data, from the source, bundled in memory (Node cannot import TypeScript). */
async function loadCatalogue() {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(ROOT, 'src/rules/catalogue.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return module.REASON_CODES.map((code) => ({
    code,
    severity: module.CATALOGUE[code].severity,
    object: module.CATALOGUE[code].object,
  }));
}

// ---------------------------------------------------------------- cross-field rules

const hasFindingOf = (key, value) => ({
  type: 'array',
  contains: { type: 'object', properties: { [key]: { const: value } }, required: [key] },
});
const whenCode = (code) => ({ type: 'object', properties: { code: { const: code } }, required: ['code'] });
const whenTarget = (type) => ({ type: 'object', properties: { target: { type: 'object', properties: { type } } } });

/** Rules of diagnosisDocument() and diagnose.ts that relate fields to each other. */
const INVARIANTS = [
  {
    description: 'redeemable is true unless the verdict is not_redeemable.',
    if: { type: 'object', properties: { verdict: { const: 'not_redeemable' } } },
    then: { type: 'object', properties: { redeemable: { const: false } } },
    else: { type: 'object', properties: { redeemable: { const: true } } },
  },
  {
    description:
      'Verdict: not_redeemable if any blocking finding; else conditional if any conditional finding; else redeemable (verdictOf in src/rules/diagnose.ts).',
    if: { type: 'object', properties: { reasons: hasFindingOf('severity', 'blocking') } },
    then: { type: 'object', properties: { verdict: { const: 'not_redeemable' } } },
    else: {
      if: { type: 'object', properties: { reasons: hasFindingOf('severity', 'conditional') } },
      then: { type: 'object', properties: { verdict: { const: 'conditional' } } },
      else: { type: 'object', properties: { verdict: { const: 'redeemable' } } },
    },
  },
  {
    description:
      'Customer, subscription and discount targets list their discounts; their top-level reasons are the discount-level findings, or the one finding that says the customer could not be read (deleted, other mode).',
    if: whenTarget({ enum: ['customer', 'subscription', 'discount'] }),
    then: {
      required: ['discounts'],
      properties: {
        reasons: {
          type: 'array',
          items: {
            type: 'object',
            anyOf: [
              { properties: { object: { const: 'discount' } } },
              { properties: { code: { enum: ['customer_deleted', 'livemode_mismatch'] } } },
            ],
          },
        },
      },
    },
  },
  { if: whenTarget({ const: 'customer' }), then: { required: ['customer'] } },
  { if: whenTarget({ const: 'subscription' }), then: { required: ['subscription'] } },
  { if: whenTarget({ const: 'coupon' }), then: { required: ['coupon'] } },
];

/** A discount's findings are about the discount; its coupon's, about the coupon; it applies unless it ended. */
function discountInvariants(def) {
  const only = (object) => (items) => ({
    allOf: [items, { type: 'object', properties: { object: { const: object } } }],
  });
  def.properties.reasons = { ...def.properties.reasons, items: only('discount')(def.properties.reasons.items) };
  def.properties.coupon_reasons = {
    ...def.properties.coupon_reasons,
    items: only('coupon')(def.properties.coupon_reasons.items),
  };
  return {
    ...def,
    if: { type: 'object', properties: { applies: { const: false } } },
    then: { type: 'object', properties: { reasons: hasFindingOf('code', 'discount_ended') } },
    else: { type: 'object', properties: { reasons: { not: hasFindingOf('code', 'discount_ended') } } },
  };
}

/**
 * currency_mismatch is about the promotion code when its minimum amount is in question, else
 * about the coupon's amount_off (src/rules/amountRules.ts and couponRules.ts pass the object).
 */
const CURRENCY_MISMATCH_OBJECT = {
  if: {
    type: 'object',
    properties: {
      code: { const: 'currency_mismatch' },
      evidence: { type: 'object', properties: { restriction: { const: 'minimum_amount' } }, required: ['restriction'] },
    },
    required: ['code', 'evidence'],
  },
  then: { type: 'object', properties: { object: { const: 'promotion_code' } } },
  else: { if: whenCode('currency_mismatch'), then: { type: 'object', properties: { object: { const: 'coupon' } } } },
};
/**
 * Codes whose object the caller of detect() may override, and the objects they can be about:
 * currency_mismatch (src/rules/amountRules.ts, couponRules.ts), livemode_mismatch
 * (src/usecases/checkPromotionCode.ts, checkCoupon.ts, explainCustomer.ts).
 */
const OBJECTS_BY_CODE = {
  currency_mismatch: ['coupon', 'promotion_code'],
  livemode_mismatch: ['promotion_code', 'coupon', 'customer'],
};

// ---------------------------------------------------------------- the two schemas

async function diagnosisSchema(prog, catalogue) {
  const checker = prog.getTypeChecker();
  const root = declaredType(prog, 'src/render/json.ts', 'DiagnosisDocument');
  const evidence = declaredType(prog, 'src/rules/findings.ts', 'EvidenceByCode');
  const writer = new SchemaWriter(checker, 'DiagnosisDocument', DEFS, {
    reason_code: () => ({ enum: catalogue.map((c) => c.code) }),
    finding: (w, type) => {
      // The shape every finding shares, from the first member of the Finding union.
      const shape = w.body(type.types[0]);
      shape.properties.code = w.reference('ReasonCode');
      shape.properties.evidence = { type: 'object' };
      const perCode = catalogue.map(({ code, severity, object }) => {
        const objects = OBJECTS_BY_CODE[code];
        return {
          if: whenCode(code),
          then: {
            type: 'object',
            properties: {
              severity: { const: severity },
              object: objects ? { enum: objects } : { const: object },
              evidence: { $ref: `#/$defs/evidence_${code}` },
            },
          },
        };
      });
      return { ...shape, allOf: [...perCode, CURRENCY_MISMATCH_OBJECT] };
    },
  });
  const body = writer.body(root.type, undefined);
  for (const { code } of catalogue) {
    const property = evidence.type.getProperty(code);
    if (!property) throw new Error(`schema: EvidenceByCode has no ${code}`);
    const decl = property.valueDeclaration;
    const schema = writer.withDocs(writer.schema(checker.getTypeOfSymbol(property), decl?.type), property);
    writer.defs.set(`evidence_${code}`, {
      description: `evidence of ${code} (EvidenceByCode in src/rules/findings.ts)`,
      ...schema,
    });
  }
  writer.defs.set('discount_diagnosis', discountInvariants(writer.defs.get('discount_diagnosis')));
  const { type, additionalProperties, required, properties } = body;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_URL}diagnosis.schema.json`,
    title: 'promo-doctor diagnosis document',
    description: `${oneParagraph(ts.displayPartsToString(root.symbol.getDocumentationComment(checker)))} Generated by scripts/schema.mjs from DiagnosisDocument in src/render/json.ts.`,
    type,
    additionalProperties,
    required,
    properties,
    dependentRequired: { matches: ['selected'], selected: ['matches'] },
    allOf: INVARIANTS,
    $defs: sortedDefs(writer.defs),
  };
}

async function reasonsSchema(prog, catalogue) {
  const checker = prog.getTypeChecker();
  const record = declaredType(prog, 'src/render/reasons.ts', 'CatalogueRecord');
  const writer = new SchemaWriter(
    checker,
    'CatalogueRecord',
    { ReasonCode: 'reason_code', Severity: 'severity', FindingObject: 'finding_object' },
    {
      reason_code: () => ({ enum: catalogue.map((c) => c.code) }),
    },
  );
  const entry = writer.body(record.type, undefined);
  entry.allOf = catalogue.map(({ code, severity, object }) => ({
    if: whenCode(code),
    then: { type: 'object', properties: { severity: { const: severity }, object: { const: object } } },
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_URL}reasons.schema.json`,
    title: 'promo-doctor reason catalogue',
    description: `The --json output of promo-doctor reasons: every reason code with its severity, object, title, cause, fix and docs link. reasons <code> --json prints one entry ($defs/entry). Generated by scripts/schema.mjs from CatalogueRecord in src/render/reasons.ts and the catalogue.`,
    type: 'array',
    items: { $ref: '#/$defs/entry' },
    minItems: catalogue.length,
    maxItems: catalogue.length,
    uniqueItems: true,
    $defs: { entry: writer.withDocs(entry, record.symbol), ...sortedDefs(writer.defs) },
  };
}

/** Definitions in a stable order: as DEFS lists them, then the evidence in catalogue order. */
function sortedDefs(defs) {
  const order = [...Object.values(DEFS)];
  const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
  return Object.fromEntries([...defs.entries()].sort(([a], [b]) => rank(a) - rank(b)));
}

/** Both schemas as the text of their files, by file name. */
export async function generateSchemas() {
  const prog = program();
  const catalogue = await loadCatalogue();
  const text = (schema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'diagnosis.schema.json': text(await diagnosisSchema(prog, catalogue)),
    'reasons.schema.json': text(await reasonsSchema(prog, catalogue)),
  };
}

export const SCHEMA_DIR = join(ROOT, 'schema');

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  for (const [file, text] of Object.entries(await generateSchemas())) {
    const path = join(SCHEMA_DIR, file);
    let before = '';
    try {
      before = readFileSync(path, 'utf8');
    } catch {
      // a new file
    }
    if (before !== text) writeFileSync(path, text);
    console.log(`${before === text ? 'unchanged' : 'wrote'} ${join(dirname(path).slice(ROOT.length), file)}`);
  }
}
