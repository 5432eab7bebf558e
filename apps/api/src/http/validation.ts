import { Body, Param, Query, type PipeTransform, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiParam, ApiQuery } from '@nestjs/swagger';
import { CONTROL_CHARACTERS, ErrorCodes, type FieldIssue } from '@shareshop/common';
import { z } from 'zod';
import { AppError } from './errors.js';

/** Dotted path of a zod issue, e.g. `items.0.quantity`; the root is named after the request part. */
export function issuesOf(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', '), message: '不支持的字段' };
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = '必填';
    return { field: path || root, message };
  });
}

/**
 * The dotted path of the first string (or object key) anywhere in a request part that holds a control
 * character, or undefined. One check at the root covers every schema, body, query and path alike, so a NUL
 * is a 400 naming its field, never PostgreSQL's "invalid byte sequence" 500. Iterative: a deeply nested
 * body cannot overflow the stack.
 */
export function controlCharacterPath(value: unknown, root: string): string | undefined {
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (CONTROL_CHARACTERS.test(current)) return path || root;
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => pending.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const itemPath = path ? `${path}.${key}` : key;
        if (CONTROL_CHARACTERS.test(key)) return path || root;
        pending.push([item, itemPath]);
      }
    }
  }
  return undefined;
}

export class ZodPipe<S extends z.ZodType> implements PipeTransform {
  constructor(
    private readonly schema: S,
    private readonly root: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const controlAt = controlCharacterPath(value, this.root);
    if (controlAt !== undefined) {
      const message = '不能包含控制字符';
      throw new AppError(400, ErrorCodes.VALIDATION, `${controlAt}: ${message}`, [{ field: controlAt, message }]);
    }
    const result = this.schema.safeParse(value ?? (this.root === 'body' ? undefined : {}));
    if (result.success) return result.data;
    const details = issuesOf(result.error, this.root);
    const first = details[0]!;
    throw new AppError(400, ErrorCodes.VALIDATION, `${first.field}: ${first.message}`, details);
  }
}

/** zod -> OpenAPI 3.0 schema object, so the document is generated from the same shared schemas. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

type ParamDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

/**
 * A parameter typed `body: CreateOrderBody` where `CreateOrderBody` is both the zod schema and its inferred
 * type makes TypeScript record the schema object as the parameter's runtime type. Swagger would then try
 * to introspect it as a DTO class; the ZodPipe, not the runtime type, is what validates, so record Object.
 */
function untypeParameter(target: object, key: string | symbol | undefined, index: number) {
  if (key === undefined) return;
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', target, key) ?? [];
  types[index] = Object;
  Reflect.defineMetadata('design:paramtypes', types, target, key);
}

function describe(target: object, key: string | symbol | undefined, decorator: MethodDecorator) {
  if (key === undefined) return;
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
}

/** `@ZBody(CreateOrderBody) body: CreateOrderBody` — validates the body and documents it. */
export function ZBody<S extends z.ZodType>(schema: S): ParamDecorator {
  return (target, key, index) => {
    untypeParameter(target, key, index);
    describe(target, key, ApiBody({ schema: openApiSchema(schema) }));
    Body(new ZodPipe(schema, 'body'))(target, key, index);
  };
}

/** `@ZQuery(ListOrdersQuery) q: ListOrdersQuery` — validates (and coerces) the query string. */
export function ZQuery<S extends z.ZodObject>(schema: S): ParamDecorator {
  return (target, key, index) => {
    untypeParameter(target, key, index);
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      describe(target, key, ApiQuery({ name, required: !fieldSchema.safeParse(undefined).success, schema: openApiSchema(fieldSchema) }));
    }
    Query(new ZodPipe(schema, 'query'))(target, key, index);
  };
}

/** `@ZParam('id', Id) id: number` — one path parameter, validated. */
export function ZParam<S extends z.ZodType>(name: string, schema: S): ParamDecorator {
  return (target, key, index) => {
    untypeParameter(target, key, index);
    describe(target, key, ApiParam({ name, schema: openApiSchema(schema) }));
    Param(name, new ZodPipe(schema, name))(target, key, index);
  };
}

/** Documents the success response with a shared schema. */
export const ZResponse = (schema: z.ZodType) => applyDecorators(ApiOkResponse({ schema: openApiSchema(schema) }));
