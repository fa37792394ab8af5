import type { Request } from 'express';
import { z } from 'zod';
import { PremisesError } from '../shared/errors.js';

/**
 * Request bodies are checked here, against the schemas of src/api/contracts,
 * and nowhere else. A body that does not fit is a PremisesError of kind
 * InvalidArgument: the error handler answers 400 with a plain message that
 * starts with the field's path ("holds.0.from must be …") and the paths in
 * `fields`, so a form can mark the inputs at fault.
 */
const MAX_MESSAGES = 5;

const WORDS: Partial<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Zod's own messages for the checks a schema did not word itself. */
const plainMessages: z.ZodErrorMap = (issue, ctx) => {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the rest keep zod's wording
  switch (issue.code) {
    case 'invalid_type':
      return { message: issue.received === 'undefined' ? 'is required' : `must be ${WORDS[issue.expected] ?? issue.expected}` };
    case 'invalid_enum_value':
      return { message: `must be one of ${issue.options.join(', ')}` };
    case 'too_big':
      if (issue.type === 'string') return { message: `is too long (${String(issue.maximum)} characters at most)` };
      if (issue.type === 'array') return { message: `has too many entries (${String(issue.maximum)} at most)` };
      return { message: `must be at most ${String(issue.maximum)}` };
    case 'too_small':
      if (issue.type === 'array') return { message: `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}` };
      return { message: `must be at least ${String(issue.minimum)}` };
    case 'unrecognized_keys':
      return { message: `has fields this request does not take: ${issue.keys.join(', ')}` };
    default:
      return { message: ctx.defaultError };
  }
};

export function validationError(error: z.ZodError): PremisesError {
  const fields = [...new Set(error.issues.map((i) => (i.path.length === 0 ? 'body' : i.path.join('.'))))];
  const messages = error.issues.slice(0, MAX_MESSAGES).map((i) => (i.path.length === 0 ? `the request body ${i.message}` : `${i.path.join('.')} ${i.message}`));
  return new PremisesError('InvalidArgument', messages.join('; '), { fields });
}

/** Parse any value against a schema of src/api/contracts, or throw the 400 described above. */
export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { errorMap: plainMessages });
  if (!result.success) throw validationError(result.error);
  return result.data as z.output<S>;
}

/** The request body, checked. No body at all (Express 5 leaves req.body undefined) is checked as {}. */
export function bodyOf<S extends z.ZodTypeAny>(req: Request, schema: S): z.output<S> {
  const raw: unknown = req.body;
  return parseWith(schema, raw === undefined ? {} : raw);
}
