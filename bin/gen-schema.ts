// Regenerates convoguard.schema.json from the zod schema: `npm run schema`. A test fails when it is stale.
import * as fs from 'fs';
import * as path from 'path';
import { policyJsonSchemaText } from '../lib/policy/json-schema';

const target = path.join(__dirname, '..', 'convoguard.schema.json');
fs.writeFileSync(target, policyJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
