/**
 * The JSON documents tools read (report and diff with --format json) against their published JSON Schemas
 * (schemas/*.schema.json, generated from lib/report/documents.ts by `npm run schema`): no field the schema does not
 * name, none it requires missing. A field added to the output without regenerating the schema fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { exampleSynthesis, ROOT, runCli } from '../helpers';

type Json = Record<string, any>;
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validReport = ajv.compile(schema('report.schema.json'));
const validDiff = ajv.compile(schema('diff.schema.json'));
const errors = (v: { errors?: unknown }) => JSON.stringify(v.errors ?? [], null, 1).slice(0, 2000);

let base: string;
beforeAll(() => {
  base = exampleSynthesis();
});

test("the example's report JSON follows schemas/report.schema.json", async () => {
  const r = await runCli(['report', '--dir', base, '--format', 'json']);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.out) as Json;
  const ok = validReport(doc);
  expect(ok ? '' : errors(validReport)).toBe('');
  expect(doc.schemaVersion).toBe(1);
  // The schema does refuse what it does not name: an extra field, or a platform it does not know.
  expect(validReport({ ...doc, extra: true })).toBe(false);
  expect(validReport({ ...doc, agents: [{ ...doc.agents[0], platform: 'watson' }] })).toBe(false);
});

test('a diff JSON with weakening, unverified and impact entries follows schemas/diff.schema.json', async () => {
  const head = exampleSynthesis();
  const file = path.join(head, 'cdktf.out/stacks/support-assistant-ces-acme-cx-prod-us/cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  const app = Object.values(tf.resource.google_ces_app)[0] as Json;
  app.logging_settings.redaction_config.enable_redaction = false;
  app.tool_execution_mode = 'PARALLEL';
  const bucket = Object.values(tf.resource.google_storage_bucket)[0] as Json;
  bucket.location = 'EU';
  fs.writeFileSync(file, JSON.stringify(tf));
  const r = await runCli(['diff', '--base', base, '--head', head, '--format', 'json']);
  const doc = JSON.parse(r.out) as Json;
  expect(doc.passes).toBe(false);
  expect(doc.output.map((c: Json) => c.class)).toEqual(expect.arrayContaining(['weakening', 'unverified']));
  expect(doc.impact.length).toBeGreaterThan(0);
  const ok = validDiff(doc);
  expect(ok ? '' : errors(validDiff)).toBe('');
  expect(validDiff({ ...doc, basePosture: {} })).toBe(false);
});
