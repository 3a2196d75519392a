/**
 * The review workflow `convoguard init` writes (and examples/ci carries): the pull request's code runs only in
 * synth-head, and the gate is the base branch's convoguard. A head that brings its own `convoguard` binary (an edited
 * package.json or lock file) changes what its synthesis runs, never what judges it.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DEPLOY_VARIABLES, workflow, WORKFLOW_ACTIONS, WORKFLOW_NODE_VERSION } from '../../lib/cli/init';
import { exampleSynthesis, resealCdkOut, ROOT, tmpDir } from '../helpers';

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = { needs?: string; permissions?: Record<string, string>; steps: Step[] };
const text = workflow(['aws', 'gcp']);
const jobs = (parse(text) as { jobs: Record<string, Job> }).jobs;
const TARGET_SETS: Array<Array<'aws' | 'gcp' | 'rasa' | 'meya'>> = [['aws', 'gcp'], ['aws'], ['gcp'], ['rasa', 'meya']];
/** SchemaStore's schema of GitHub workflows, vendored (test/fixtures/schemas/SOURCES.md). */
const WORKFLOW_SCHEMA = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'schemas', 'github-workflow.json'), 'utf8'),
);

test('examples/ci/privacy-posture.yml is the workflow convoguard init writes', () => {
  expect(fs.readFileSync(path.join(ROOT, 'examples', 'ci', 'privacy-posture.yml'), 'utf8')).toBe(text);
});

test("the pull request's code runs only in synth-head, with a read-only token and no secrets", () => {
  expect(jobs['synth-head'].permissions).toEqual({ contents: 'read' });
  expect(text).not.toMatch(/secrets\./);
  expect(jobs.review.needs).toBe('synth-head');
  // The review job checks out the base only, and never runs npx (which would resolve a binary from wherever it runs).
  const checkouts = jobs.review.steps.filter((s) => s.uses?.startsWith('actions/checkout'));
  expect(checkouts.map((s) => s.with?.ref)).toEqual(['${{ github.event.pull_request.base.sha }}']);
  const runs = jobs.review.steps.flatMap((s) => (s.run ? [s.run] : []));
  expect(runs.join('\n')).not.toMatch(/npx|cd head/);
  expect(jobs.review.steps.find((s) => s.id === 'install-base')?.run).toBe('cd base && npm ci');
});

test("a head with its own node_modules/.bin/convoguard is judged by the base's convoguard and fails the gate", () => {
  const workspace = tmpDir('convoguard-ci-');
  // base/: the base branch after install-base and synth-base, with convoguard as its lock file installs it.
  const base = path.join(workspace, 'base');
  fs.cpSync(exampleSynthesis(), base, { recursive: true });
  fs.mkdirSync(path.join(base, 'node_modules', '.bin'), { recursive: true });
  fs.writeFileSync(
    path.join(base, 'node_modules', '.bin', 'convoguard'),
    `#!/bin/sh\nexec node -r ${JSON.stringify(path.join(ROOT, 'scripts', 'register.js'))} ${JSON.stringify(path.join(ROOT, 'bin', 'convoguard.ts'))} "$@"\n`,
    { mode: 0o755 },
  );
  // head/: the artifact of synth-head. The pull request weakened a log group's retention and brought a convoguard
  // that always says all is well.
  const head = path.join(workspace, 'head');
  fs.cpSync(exampleSynthesis(), head, { recursive: true });
  const template = path.join(head, 'cdk.out', 'support-assistant-aws-us-east-1.template.json');
  const t = JSON.parse(fs.readFileSync(template, 'utf8'));
  t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 3653;
  fs.writeFileSync(template, JSON.stringify(t));
  resealCdkOut(head);
  fs.mkdirSync(path.join(head, 'node_modules', '.bin'), { recursive: true });
  fs.writeFileSync(
    path.join(head, 'node_modules', '.bin', 'convoguard'),
    '#!/bin/sh\necho "## 🟢 no posture change"\nexit 0\n',
    { mode: 0o755 },
  );
  expect(execFileSync(path.join(head, 'node_modules', '.bin', 'convoguard'), { encoding: 'utf8' })).toContain(
    'no posture change',
  );

  const step = (id: string) => {
    const s = jobs.review.steps.find((x) => x.id === id)!;
    return spawnSync('bash', ['-e', '-c', s.run!], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.join(head, 'node_modules', '.bin')}:${process.env.PATH}` },
    });
  };
  const report = step('report');
  expect(report.status).toBe(0);
  expect(fs.readFileSync(path.join(workspace, 'diff.md'), 'utf8')).toMatch(
    /^## 🔴 \d+ changes? weakens? privacy posture/,
  );
  const gate = step('gate');
  expect(gate.status).toBe(1);
});

describe('the workflow does what a platform repository needs', () => {
  const on = (parse(text) as { on: { pull_request: { types: string[] } } }).on;
  const review = (id: string) => jobs.review.steps.find((s) => s.id === id)!;

  test('the deploy job authenticates by OIDC, to each cloud before its deploy, and has Terraform for cdktf', () => {
    expect(jobs.deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const steps = jobs.deploy.steps.map((s) => s.uses?.split('@')[0] ?? s.run);
    const at = (x: string) => steps.indexOf(x);
    expect(at('aws-actions/configure-aws-credentials')).toBeGreaterThan(-1);
    expect(at('aws-actions/configure-aws-credentials')).toBeLessThan(
      at('npx cdk deploy --all --require-approval never'),
    );
    expect(at('google-github-actions/auth')).toBeGreaterThan(-1);
    expect(at('hashicorp/setup-terraform')).toBeLessThan(at("npx cdktf deploy --auto-approve '*'"));
    expect(at('google-github-actions/auth')).toBeLessThan(at("npx cdktf deploy --auto-approve '*'"));
    const input = (action: string) => jobs.deploy.steps.find((s) => s.uses?.startsWith(`${action}@`))!.with;
    expect(input('aws-actions/configure-aws-credentials')).toEqual({
      'role-to-assume': `\${{ vars.${DEPLOY_VARIABLES.awsRole} }}`,
      'aws-region': `\${{ vars.${DEPLOY_VARIABLES.awsRegion} }}`,
    });
    expect(input('google-github-actions/auth')).toEqual({
      workload_identity_provider: `\${{ vars.${DEPLOY_VARIABLES.gcpProvider} }}`,
      service_account: `\${{ vars.${DEPLOY_VARIABLES.gcpServiceAccount} }}`,
    });
    // No long-lived key anywhere: the credentials are the OIDC exchange's.
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|credentials_json|secrets\./);
    const awsOnly = (parse(workflow(['aws'])) as { jobs: Record<string, Job> }).jobs.deploy;
    const awsSteps = awsOnly.steps.map((s) => s.uses?.split('@')[0] ?? s.run);
    expect(awsSteps).not.toContain('hashicorp/setup-terraform');
    expect(awsSteps).not.toContain('google-github-actions/auth');
    // A repository with neither cloud has no deploy job, and so no job that may ask for an OIDC token.
    expect(parse(workflow(['rasa', 'meya'])).jobs.deploy).toBeUndefined();
  });

  test('every action is pinned by a full commit, with its release in a comment, as WORKFLOW_ACTIONS says', () => {
    for (const targets of TARGET_SETS) {
      const lines = workflow(targets)
        .split('\n')
        .filter((l) => /^\s+(- )?uses:/.test(l));
      expect(lines.length).toBeGreaterThan(5);
      for (const l of lines) {
        const m = /uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(l);
        expect(
          m && Object.values(WORKFLOW_ACTIONS).some((a) => a.uses === m[1] && a.commit === m[2] && a.release === m[3]),
        ).toBe(true);
      }
    }
  });

  test('every job sets up the one Node.js WORKFLOW_NODE_VERSION names, a line that is still supported (not 20)', () => {
    expect(WORKFLOW_NODE_VERSION).toBeGreaterThanOrEqual(22);
    for (const targets of TARGET_SETS) {
      const all = Object.values((parse(workflow(targets)) as { jobs: Record<string, Job> }).jobs).flatMap(
        (j) => j.steps,
      );
      const nodes = all.filter((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      for (const s of nodes) expect(s.with?.['node-version']).toBe(WORKFLOW_NODE_VERSION);
    }
  });

  test('both workflows are valid GitHub Actions workflows (SchemaStore github-workflow.json)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(WORKFLOW_SCHEMA);
    const docs = [
      [
        'examples/ci/privacy-posture.yml',
        fs.readFileSync(path.join(ROOT, 'examples', 'ci', 'privacy-posture.yml'), 'utf8'),
      ],
      ...TARGET_SETS.map((t) => [`init --targets ${t.join(',')}`, workflow(t)]),
    ];
    for (const [name, yml] of docs) {
      const ok = validate(parse(yml));
      expect({ name, errors: ok ? [] : validate.errors }).toEqual({ name, errors: [] });
    }
    // The check can fail: a step with both uses and run, and a job without runs-on, are refused.
    const broken = parse(text);
    broken.jobs.review.steps[0].run = 'echo both';
    delete broken.jobs.deploy['runs-on'];
    expect(validate(broken)).toBe(false);
  });

  test('the approval label re-runs the gate, and a push after it withdraws it', () => {
    expect(on.pull_request.types).toEqual(expect.arrayContaining(['synchronize', 'labeled', 'unlabeled']));
    // Only the run that adding the label starts skips the gate: a stale label (a fork, a cancelled run, another label
    // added later, a reopen) never lets a later head through; a push also removes it.
    expect(review('gate').if).toBe(
      "steps.adopting.outputs.first == 'false' && !(github.event.action == 'labeled' && github.event.label.name == 'privacy-approved')",
    );
    expect(review('first-gate').if).toBe(
      "steps.adopting.outputs.first == 'true' && !(github.event.action == 'labeled' && github.event.label.name == 'privacy-approved')",
    );
    expect(review('stale-approval').run).toContain('--remove-label privacy-approved');
  });

  test('a fork cannot comment or upload: those steps run for pull requests of this repository only; the report and SARIF are posted', () => {
    const posting = jobs.review.steps.filter(
      (s) => s.uses?.startsWith('marocchino/') || s.uses?.startsWith('github/codeql-action/'),
    );
    expect(posting.map((s) => s.with?.path ?? s.with?.sarif_file)).toEqual(['diff.md', 'report.md', 'report.sarif']);
    for (const s of posting)
      expect(s.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(review('report').run).toContain('--format sarif --out report.sarif');
  });

  test('the pull request that adopts convoguard has no base to judge with: it fails until a person approves, without running the head', () => {
    const workspace = tmpDir('convoguard-adopt-');
    fs.mkdirSync(path.join(workspace, 'base'));
    fs.writeFileSync(path.join(workspace, 'base', 'package.json'), '{"name":"platform","dependencies":{}}');
    const out = path.join(workspace, 'outputs');
    const run = (id: string) =>
      spawnSync('bash', ['-e', '-c', review(id).run!], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_OUTPUT: out },
      });
    expect(run('adopting').status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('first=true\n');
    expect(run('first-report').status).toBe(0);
    expect(fs.readFileSync(path.join(workspace, 'diff.md'), 'utf8')).toMatch(
      /^## 🟡 This pull request adopts convoguard/,
    );
    expect(run('first-gate')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('add the privacy-approved label'),
    });
    // Once the base runs convoguard, the usual path.
    fs.writeFileSync(path.join(workspace, 'base', 'convoguard.yaml'), 'version: 1\n');
    fs.writeFileSync(path.join(workspace, 'base', 'package.json'), '{"devDependencies":{"convoguard":"0.1.0"}}');
    fs.rmSync(out);
    run('adopting');
    expect(fs.readFileSync(out, 'utf8')).toBe('first=false\n');
  });
});

test("the pull request that upgrades convoguard is judged by the base's older one, which has no --base: the report still runs", () => {
  const workspace = tmpDir('convoguard-ci-upgrade-');
  const bin = path.join(workspace, 'base', 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(path.join(workspace, 'head'));
  // A convoguard from before report --base: its help does not list it, and report refuses it (exit 2).
  fs.writeFileSync(
    path.join(bin, 'convoguard'),
    [
      '#!/bin/sh',
      'case " $* " in *" --help "*) echo "Usage: convoguard report (--dir DIR | ...) [--out FILE]"; exit 0;; esac',
      'if [ "$1" = report ]; then case " $* " in *" --base "*) echo "unknown option --base" >&2; exit 2;; esac; fi',
      'out=""; prev=""; for a in "$@"; do [ "$prev" = "--out" ] && out="$a"; prev="$a"; done',
      '[ -n "$out" ] && echo "## 🟢 older convoguard: $1" > "$out"',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const s = jobs.review.steps.find((x) => x.id === 'report')!;
  const r = spawnSync('bash', ['-e', '-c', s.run!], { cwd: workspace, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(workspace, 'report.md'), 'utf8')).toBe('## 🟢 older convoguard: report\n');
});
