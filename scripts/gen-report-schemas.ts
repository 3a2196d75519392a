// Regenerates schemas/report.schema.json and schemas/diff.schema.json from the document types in
// lib/report/documents.ts (`npm run schema`). The tests validate the example's report and diff against them, with no
// property the schema does not name, so a field added to the output without regenerating fails there.
import * as fs from 'fs';
import * as path from 'path';
import { createGenerator } from 'ts-json-schema-generator';

const root = path.join(__dirname, '..');
const docs = [
  { type: 'ReportDocument', file: 'report.schema.json', title: 'convoguard report --format json' },
  { type: 'DiffDocument', file: 'diff.schema.json', title: 'convoguard diff --format json' },
];
for (const d of docs) {
  const schema = createGenerator({
    path: path.join(root, 'lib', 'report', 'documents.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: d.type,
    additionalProperties: false,
    expose: 'export',
    topRef: false,
    skipTypeCheck: true,
  }).createSchema(d.type);
  const out = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://github.com/convoguard/convoguard/schemas/${d.file}`,
    title: d.title,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  const target = path.join(root, 'schemas', d.file);
  fs.writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
