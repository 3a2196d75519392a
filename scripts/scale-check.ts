/**
 * `npm run test:scale`: 300 lex agents in three regions through both shipped entry points, `convoguard synth` and
 * `cdk synth` (cdk.json), then one agent added in the middle. Fails unless every stack stays within CloudFormation's
 * limits (500 resources, 1 MB, a 1,024-character description) and no agent's resources change stack. Kept out of
 * `npm test` for its time (about 25 s on 2 cores); CI runs it.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const ROOT = path.join(__dirname, '..');
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const N = 300;
const agent = (name: string, region: string) =>
  `  - { name: ${name}, platform: lex, region: ${region}, create: { locale: en_US, intents: [{ name: Pay, utterances: ['pay my bill, my email is {email}'], slots: [{ name: email, kind: email }] }] } }`;
const names = Array.from({ length: N }, (_, i) => `bot-${String(i).padStart(3, '0')}`);
// An agent's region follows from its own name, so inserting one never changes another's.
const regionOf = (n: string) => REGIONS[Number(/\d+$/.exec(n)?.[0] ?? 0) % REGIONS.length];
const policy = (list: string[]) =>
  `version: 1\nname: fleet\ndetection: { kinds: [email, phone, credit_card] }\nagents:\n${list.map((n) => agent(n, regionOf(n))).join('\n')}\n`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-scale-'));
const problems: string[] = [];
const env = { ...process.env, CI: '', CDK_DISABLE_VERSION_CHECK: '1' };
// aws-cdk-lib's CloudFormation validation is skipped (it is a third of a fleet synth's time: 28 s -> 18 s for this
// check): a fleet's resources have the example's shapes, which npm test validates strictly (test/global-setup.ts,
// test/aws/production-shaped.test.ts); what only a fleet shows, its limits and its placement, is checked here.
const placementOnly = { ...env, CDK_VALIDATION: 'false' };

/** agent → stack, from each template's resources (their convoguard:agent metadata), with the limits checked. */
function check(cdkOut: string, label: string): Map<string, string> {
  const where = new Map<string, string>();
  const templates = fs.readdirSync(cdkOut).filter((f) => f.endsWith('.template.json'));
  for (const f of templates) {
    const text = fs.readFileSync(path.join(cdkOut, f), 'utf8');
    const t = JSON.parse(text) as {
      Description?: string;
      Resources: Record<string, { Metadata?: Record<string, unknown> }>;
    };
    const count = Object.keys(t.Resources).length;
    if (count > 500) problems.push(`${label} ${f}: ${count} resources`);
    if (Buffer.byteLength(text) > 1_000_000) problems.push(`${label} ${f}: ${Buffer.byteLength(text)} bytes`);
    if ((t.Description ?? '').length > 1024)
      problems.push(`${label} ${f}: description of ${(t.Description ?? '').length} characters`);
    for (const r of Object.values(t.Resources)) {
      const a = r.Metadata?.['convoguard:agent'];
      if (typeof a === 'string') {
        if (where.has(a) && where.get(a) !== f) problems.push(`${label}: agent ${a} is in ${where.get(a)} and ${f}`);
        where.set(a, f);
      }
    }
    process.stdout.write(`  ${label} ${f}: ${count} resources, ${Buffer.byteLength(text)} bytes\n`);
  }
  return where;
}

const started = Date.now();
fs.writeFileSync(path.join(dir, 'fleet.yaml'), policy(names));
execFileSync(
  process.execPath,
  ['-r', path.join(ROOT, 'scripts', 'register.js'), path.join(ROOT, 'bin', 'convoguard.ts'), 'synth', 'fleet.yaml'],
  { cwd: dir, env: placementOnly, stdio: ['ignore', 'ignore', 'inherit'] },
);
const before = check(path.join(dir, 'cdk.out'), 'convoguard synth');
if (before.size !== N) problems.push(`convoguard synth placed ${before.size} of ${N} agents`);

// The next two synths are independent and run at once (two cores): the shipped cdk app, through cdk.json, reading
// the placement file convoguard synth wrote; and one agent added in the middle, in a copy of the folder (the same
// placement file), after which every other agent must stay where it was.
const cdkOut = path.join(dir, 'cdk-app.out');
const added = path.join(dir, 'added');
fs.mkdirSync(added);
for (const f of fs.readdirSync(dir, { withFileTypes: true }))
  if (f.isFile()) fs.copyFileSync(path.join(dir, f.name), path.join(added, f.name));
const more = [...names.slice(0, 150), 'bot-new', ...names.slice(150)];
fs.writeFileSync(path.join(added, 'fleet.yaml'), policy(more));
const run = (cmd: string, args: string[], cwd: string) =>
  promisify(execFile)(cmd, args, { cwd, env: placementOnly, maxBuffer: 64 * 1024 * 1024 });

async function rest(): Promise<void> {
  await Promise.all([
    run(
      path.join(ROOT, 'node_modules', '.bin', 'cdk'),
      ['synth', '--quiet', '-c', `policy=${path.join(dir, 'fleet.yaml')}`, '-o', cdkOut],
      ROOT,
    ),
    run(
      process.execPath,
      ['-r', path.join(ROOT, 'scripts', 'register.js'), path.join(ROOT, 'bin', 'convoguard.ts'), 'synth', 'fleet.yaml'],
      added,
    ),
  ]);
  const viaCdk = check(cdkOut, 'cdk synth');
  for (const [a, f] of before)
    if (viaCdk.get(a) !== f) problems.push(`cdk synth put ${a} in ${viaCdk.get(a)}, convoguard synth in ${f}`);
  const after = check(path.join(added, 'cdk.out'), 'after adding bot-new');
  for (const [a, f] of before)
    if (after.get(a) !== f) problems.push(`adding bot-new moved ${a} from ${f} to ${after.get(a)}`);
  if (!after.has('bot-new')) problems.push('bot-new was not placed');
}

rest()
  .catch((e: { message: string; stderr?: string }) => problems.push(`${e.message}\n${e.stderr ?? ''}`))
  .finally(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (problems.length > 0) {
      process.stderr.write(`test:scale failed:\n  ${problems.join('\n  ')}\n`);
      process.exit(1);
    }
    process.stdout.write(
      `test:scale: ${N} agents in ${REGIONS.length} regions, within CloudFormation's limits; adding one moved none (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  });
