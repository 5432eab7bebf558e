/**
 * Reads the API's own OpenAPI document (generated from the shared zod schemas) so the security suites
 * cover every route that exists, including ones added after the suites were written.
 */
export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  const?: unknown;
  additionalProperties?: boolean | Schema;
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string; // OpenAPI template, e.g. /api/v1/orders/{id}
  pathParams: string[];
  bodySchema?: Schema;
  operationId: string;
}

export function operations(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        operationId: op.operationId ?? `${method} ${path}`,
      });
    }
  }
  return ops;
}

export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? values.default ?? '1'));
}

function firstType(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  return undefined;
}

/** The smallest body the schema accepts (best effort): required fields only, at their lower bounds. */
export function minimalValue(s: Schema | undefined): unknown {
  if (!s) return undefined;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return minimalValue(alt.find((a) => firstType(a) !== 'null') ?? alt[0]);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((a) => minimalValue(a) as object));
  switch (firstType(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = minimalValue(s.properties?.[key]);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => minimalValue(s.items));
    case 'integer':
    case 'number': {
      const min = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : (s.minimum ?? 1);
      return Math.max(1, Math.ceil(min));
    }
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date') return '2026-11-20';
      if (s.format === 'date-time') return '2026-11-20T00:00:00Z';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/a.png';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return 'x';
  }
}

export interface InvalidCase {
  name: string;
  body: unknown;
  /** the field a 400 should name, when the case targets one */
  field?: string;
}

const HOSTILE_STRINGS = ["' OR 1=1; DROP TABLE app_user; --", '<script>alert(1)</script>', '\u0000\u202e😀'.repeat(3)];

/** Invalid variants of a valid body: wrong types, out-of-range and hostile values per field, extra fields. */
export function invalidBodies(schema: Schema): InvalidCase[] {
  const valid = minimalValue(schema) as Record<string, unknown>;
  const cases: InvalidCase[] = [
    { name: 'array instead of object', body: [] },
    { name: 'a bare string', body: 'hello' },
    { name: 'null', body: null },
    { name: 'unknown extra field', body: { ...valid, __proto_pollution__: { admin: true }, isAdmin: true } },
  ];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const type = firstType(prop);
    const put = (name: string, value: unknown) => cases.push({ name: `${key}: ${name}`, body: { ...valid, [key]: value }, field: key });
    if (type === 'integer' || type === 'number') {
      // out-of-range values come from the schema's own bounds: a stock delta may be negative, a price not
      const min = typeof prop.exclusiveMinimum === 'number' ? prop.exclusiveMinimum : prop.minimum;
      put('string instead of number', '12');
      if (min !== undefined && min >= 0) put('below minimum', -1);
      if (prop.maximum !== undefined && prop.maximum < 1e15) put('above maximum', 1e15);
      if (type === 'integer') put('fraction', 1.5);
      put('NaN-ish', 'NaN');
    } else if (type === 'string') {
      put('number instead of string', 12345);
      put('very long', 'x'.repeat(20_000));
      if (prop.enum || prop.pattern || prop.format) for (const h of HOSTILE_STRINGS) put(`hostile ${JSON.stringify(h).slice(0, 12)}`, h);
    } else if (type === 'array') {
      put('object instead of array', { a: 1 });
      put(
        'huge array',
        Array.from({ length: 5_000 }, () => minimalValue(prop.items)),
      );
    } else if (type === 'boolean') {
      put('string instead of boolean', 'true');
    } else if (type === 'object') {
      put('string instead of object', 'x');
    }
    if ((schema.required ?? []).includes(key)) {
      const { [key]: _omitted, ...rest } = valid;
      cases.push({ name: `${key}: missing`, body: rest, field: key });
    }
  }
  return cases;
}
