import { z } from 'zod';
import { PolicySchema } from './schema';

/** The JSON Schema of the policy file, for editors (committed as convoguard.schema.json). */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    title: 'convoguard policy',
  };
}

export function policyJsonSchemaText(): string {
  return JSON.stringify(policyJsonSchema(), null, 2) + '\n';
}
