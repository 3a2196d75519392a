/**
 * `convoguard init`: the files a platform repository needs to run convoguard from its own CI, next to its own
 * agents: a starter policy, cdk.json and cdktf.json that point at the package's apps, and the review workflow.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from './command';
import { ensureDir, EXIT, InputError, UsageError, writeFileAtomic } from './io';

const TARGETS = ['aws', 'gcp', 'rasa', 'meya'] as const;
type Target = (typeof TARGETS)[number];

const AGENTS: Record<Target, string> = {
  aws: `  - { name: billing, platform: lex, region: eu-west-2,
      create: { locale: en_GB, intents: [{ name: PayBill, utterances: ['pay my bill, my email is {email}'], slots: [{ name: email, kind: email }] }] } }`,
  gcp: `  - { name: support, platform: dialogflow-cx, project: my-project-id, location: europe-west2,
      create: { displayName: Support, language: en, timeZone: Europe/London } }`,
  rasa: `  - { name: assistant, platform: rasa, language: en, sensitiveSlots: [{ slot: email, kind: email }] }   # Rasa Pro 3.13+; for 3.6-3.12 add rasa: { version: '3.12' } and model`,
  meya: `  - { name: web-chat, platform: meya }`,
};

export function starterPolicy(targets: readonly Target[]): string {
  return [
    '# yaml-language-server: $schema=node_modules/convoguard/convoguard.schema.json',
    '# Written by `convoguard init`. Replace the example agents with yours; `npx convoguard validate convoguard.yaml`.',
    'version: 1',
    'name: my-assistants                # prefix of every resource name',
    'detection:',
    '  kinds: [email, phone, credit_card, person_name]',
    'retention:',
    '  sensitive: 24h',
    'access:',
    '  decrypters:                      # the only principals allowed to read decrypted sensitive data',
    `    aws: [${targets.includes('aws') ? "'arn:aws:iam::111122223333:role/PrivacyOfficer'" : ''}]`,
    `    gcp: [${targets.includes('gcp') ? "'group:privacy-officers@example.com'" : ''}]`,
    ...(targets.includes('gcp')
      ? ['terraform:', '  backend: gcs://my-terraform-state/convoguard   # Terraform state of the Google Cloud stacks']
      : []),
    'agents:',
    ...targets.map((t) => AGENTS[t]),
    '',
  ].join('\n');
}

const APP = (file: string) => `node node_modules/convoguard/dist/bin/${file}`;

function files(targets: readonly Target[]): Record<string, string> {
  const out: Record<string, string> = { 'convoguard.yaml': starterPolicy(targets) };
  if (targets.includes('aws'))
    out['cdk.json'] =
      JSON.stringify({ app: APP('cdk.js'), output: 'cdk.out', context: { policy: 'convoguard.yaml' } }, null, 2) + '\n';
  if (targets.includes('gcp'))
    out['cdktf.json'] =
      JSON.stringify(
        {
          language: 'typescript',
          app: APP('cdktf.js'),
          output: 'cdktf.out',
          projectId: 'convoguard',
          sendCrashReports: 'false',
          terraformProviders: [],
          terraformModules: [],
          context: {},
        },
        null,
        2,
      ) + '\n';
  out['.github/workflows/privacy-posture.yml'] = workflow(targets);
  return out;
}

/**
 * The Node.js the workflow runs on: 24, a long-term-support line until April 2028 (20 reached its end of life in
 * April 2026). convoguard's `engines` accepts 20 and later; this project's own CI runs on 20.
 */
export const WORKFLOW_NODE_VERSION = 24;

/**
 * Every action the workflow uses, pinned by commit (a tag can be moved to other code; a commit cannot), with the
 * release it is in a comment, for people, and for Dependabot where a repository turns on its github-actions updates
 * (it then updates the commit and the comment together; init does not write .github/dependabot.yml).
 */
export const WORKFLOW_ACTIONS = {
  checkout: { uses: 'actions/checkout', commit: '3d3c42e5aac5ba805825da76410c181273ba90b1', release: 'v7.0.1' },
  setupNode: { uses: 'actions/setup-node', commit: '820762786026740c76f36085b0efc47a31fe5020', release: 'v7.0.0' },
  uploadArtifact: {
    uses: 'actions/upload-artifact',
    commit: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
    release: 'v7.0.0',
  },
  downloadArtifact: {
    uses: 'actions/download-artifact',
    commit: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c',
    release: 'v8.0.1',
  },
  stickyComment: {
    uses: 'marocchino/sticky-pull-request-comment',
    commit: '5770ad5eb8f42dd2c4f34da00c94c5381e49af88',
    release: 'v3.0.5',
  },
  uploadSarif: {
    uses: 'github/codeql-action/upload-sarif',
    commit: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e',
    release: 'v4.36.2',
  },
  setupTerraform: {
    uses: 'hashicorp/setup-terraform',
    commit: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e',
    release: 'v4.0.1',
  },
  awsCredentials: {
    uses: 'aws-actions/configure-aws-credentials',
    commit: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    release: 'v6.2.3',
  },
  googleAuth: {
    uses: 'google-github-actions/auth',
    commit: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093',
    release: 'v3.0.0',
  },
} as const;
const use = (a: keyof typeof WORKFLOW_ACTIONS) => {
  const { uses, commit, release } = WORKFLOW_ACTIONS[a];
  return `${uses}@${commit} # ${release}`;
};

/**
 * The repository variables the deploy job reads (Settings → Secrets and variables → Actions → Variables): names of
 * roles and identity pools, not secrets. Without them the credential step fails, so nothing deploys unauthenticated.
 */
export const DEPLOY_VARIABLES = {
  awsRole: 'CONVOGUARD_AWS_ROLE_ARN',
  awsRegion: 'CONVOGUARD_AWS_REGION',
  gcpProvider: 'CONVOGUARD_GCP_WORKLOAD_IDENTITY_PROVIDER',
  gcpServiceAccount: 'CONVOGUARD_GCP_SERVICE_ACCOUNT',
} as const;

/**
 * The review workflow. The pull request's code runs in one job (synth-head: no secrets, a read-only token) and its
 * only product is the synthesized output, uploaded as an artifact. The gate runs in another job that never runs
 * the pull request's code: it installs convoguard from the base branch's lock file, synthesizes the base, and
 * judges the head's output with that convoguard. A pull request that edits package.json or the lock file changes
 * what its own synthesis runs, not what judges it.
 */
export function workflow(targets: readonly Target[]): string {
  const gcp = targets.includes('gcp');
  const v = (name: string) => `\${{ vars.${name} }}`;
  const deploy = [
    ...(targets.includes('aws')
      ? [
          '      # AWS: short-lived credentials from GitHub OIDC (id-token: write above). The role trusts the subject',
          '      # repo:OWNER/REPO:environment:production (a job with an environment gets that one, not its branch,',
          '      # under the default subject template);',
          "      # cdk deploy assumes each account's bootstrap roles from there.",
          `      - uses: ${use('awsCredentials')}`,
          '        with:',
          `          role-to-assume: ${v(DEPLOY_VARIABLES.awsRole)}`,
          `          aws-region: ${v(DEPLOY_VARIABLES.awsRegion)}`,
          '      - run: npx cdk deploy --all --require-approval never',
        ]
      : []),
    ...(gcp
      ? [
          '      # cdktf deploy runs Terraform, which ubuntu-latest does not have.',
          `      - uses: ${use('setupTerraform')}`,
          '        with: { terraform_wrapper: false }',
          '      # Google Cloud: Workload Identity Federation (id-token: write above), no service account key; the pool',
          '      # maps the same subject (repo:OWNER/REPO:environment:production).',
          `      - uses: ${use('googleAuth')}`,
          '        with:',
          `          workload_identity_provider: ${v(DEPLOY_VARIABLES.gcpProvider)}`,
          `          service_account: ${v(DEPLOY_VARIABLES.gcpServiceAccount)}`,
          "      - run: npx cdktf deploy --auto-approve '*'",
        ]
      : []),
  ];
  const sameRepo = 'github.event.pull_request.head.repo.full_name == github.repository';
  const approved = "contains(github.event.pull_request.labels.*.name, 'privacy-approved')";
  // The approval acts only on the run its label starts: every other event (a push, another label, a reopen, a fork's
  // push whose label removal could not run) judges the head again, so a stale label never lets a change through.
  const approving = "(github.event.action == 'labeled' && github.event.label.name == 'privacy-approved')";
  return `# Written by \`convoguard init\`: the privacy posture of every pull request, and deploys on merge.
# The pull request's code synthesizes in synth-head (no secrets, read-only); the review job never runs it: it judges
# the head's output with the convoguard of the base branch, installed from the base's lock file.
# The privacy-approved label lets a weakening through on the run that adding it starts, for the head it was added on;
# any later event judges again, and a push removes the label (an approval covers what it was given for, nothing later).
name: privacy-posture
on:
  pull_request:
    types: [opened, synchronize, reopened, labeled, unlabeled]
  push:
    branches: [main]
permissions:
  contents: read
concurrency:
  group: privacy-posture-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}
jobs:
  synth-head:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${use('checkout')}
        with: { persist-credentials: false }
      - uses: ${use('setupNode')}
        with: { node-version: ${WORKFLOW_NODE_VERSION}, cache: npm }
      - id: synth-head
        name: Synthesize the head (the pull request's code; no cloud credentials)
        run: |
          npm ci
          npx convoguard synth convoguard.yaml
      - uses: ${use('uploadArtifact')}
        with:
          name: head-synthesis
          path: |
            out
            cdk.out
            cdktf.out
          include-hidden-files: true
          if-no-files-found: error
  review:
    if: github.event_name == 'pull_request'
    needs: synth-head
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
      security-events: write
    steps:
      - uses: ${use('checkout')}
        with: { path: base, ref: '\${{ github.event.pull_request.base.sha }}', persist-credentials: false }
      # No npm cache here: the judge is installed from the base's lock file alone, never from what a head run saved.
      - uses: ${use('setupNode')}
        with: { node-version: ${WORKFLOW_NODE_VERSION} }
      - id: adopting
        name: Does the base branch run convoguard yet?
        run: |
          if [ -f base/convoguard.yaml ] && grep -q '"convoguard"' base/package.json 2>/dev/null; then
            echo "first=false" >> "\${GITHUB_OUTPUT:-/dev/null}"
          else
            echo "first=true" >> "\${GITHUB_OUTPUT:-/dev/null}"
          fi
      - id: install-base
        name: Install the base branch's convoguard (the pull request cannot change it)
        if: steps.adopting.outputs.first == 'false'
        run: cd base && npm ci
      - id: synth-base
        name: Synthesize the base
        if: steps.adopting.outputs.first == 'false'
        run: cd base && node_modules/.bin/convoguard synth convoguard.yaml
      - uses: ${use('downloadArtifact')}
        with: { name: head-synthesis, path: head }
      - id: report
        name: Posture report, SARIF and diff, by the base's convoguard
        if: steps.adopting.outputs.first == 'false'
        run: |
          gate="$PWD/base/node_modules/.bin/convoguard"
          # The verdict against the base (--base) needs a base convoguard that has it: older ones report the head alone.
          if "$gate" report --help 2>/dev/null | grep -q -- '--base DIR'; then
            "$gate" report --dir head --base base --out report.md
          else
            "$gate" report --dir head --out report.md
          fi
          "$gate" report --dir head --format sarif --out report.sarif
          "$gate" diff --base base --head head --out diff.md
          cat diff.md report.md >> "\${GITHUB_STEP_SUMMARY:-/dev/null}"
      - id: first-report
        name: The pull request that adopts convoguard has no base to judge it with
        if: steps.adopting.outputs.first == 'true'
        run: |
          echo '## 🟡 This pull request adopts convoguard: there is no base convoguard to judge the head with, so a person reviews the head synthesis and adds the privacy-approved label.' > diff.md
          cat diff.md >> "\${GITHUB_STEP_SUMMARY:-/dev/null}"
      # A fork's pull request gets a read-only token: it cannot comment or upload, and its summary carries the same text.
      - uses: ${use('stickyComment')}
        if: ${sameRepo}
        with: { path: diff.md, header: convoguard-diff }
      - uses: ${use('stickyComment')}
        if: steps.adopting.outputs.first == 'false' && ${sameRepo}
        with: { path: report.md, header: convoguard-report }
      - uses: ${use('uploadSarif')}
        if: steps.adopting.outputs.first == 'false' && ${sameRepo}
        with: { sarif_file: report.sarif, category: convoguard }
      - id: stale-approval
        name: A push after the approval withdraws it
        if: github.event.action == 'synchronize' && ${approved} && ${sameRepo}
        env: { GH_TOKEN: '\${{ github.token }}' }
        run: gh pr edit '\${{ github.event.pull_request.number }}' --repo '\${{ github.repository }}' --remove-label privacy-approved
      - id: gate
        name: Require approval for weakening or unclassified changes
        if: steps.adopting.outputs.first == 'false' && !${approving}
        run: '"$PWD/base/node_modules/.bin/convoguard" diff --base base --head head --fail-on-weaken > /dev/null'
      - id: first-gate
        name: Adopting convoguard needs the privacy-approved label
        if: steps.adopting.outputs.first == 'true' && !${approving}
        run: 'echo "no base convoguard to judge with: add the privacy-approved label once the head synthesis is reviewed" >&2; exit 1'
${
  deploy.length > 0
    ? `  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    environment: production
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: ${use('checkout')}
        with: { persist-credentials: false }
      - uses: ${use('setupNode')}
        with: { node-version: ${WORKFLOW_NODE_VERSION}, cache: npm }
      - run: npm ci
      - run: npx convoguard validate convoguard.yaml
${deploy.join('\n')}
`
    : ''
}`;
}

/** What to install beside convoguard for the chosen targets (the cloud libraries are optional peers). */
export function installLine(targets: readonly Target[]): string {
  const pkgs = [
    ...(targets.includes('aws') ? ['aws-cdk-lib', 'constructs', 'cdk-nag', 'aws-cdk'] : []),
    ...(targets.includes('gcp') ? ['cdktf', '@cdktf/provider-google', 'constructs', 'cdktf-cli'] : []),
  ];
  return pkgs.length === 0 ? '' : `npm install --save-dev ${[...new Set(pkgs)].join(' ')}`;
}

export const initCommand: Command = {
  summary: 'write a starter policy, cdk.json, cdktf.json and the review workflow into a platform repository',
  usage: 'convoguard init [--targets aws,gcp,rasa,meya] [--dir DIR] [--force]',
  help: [
    'Writes convoguard.yaml (a starter policy with one example agent per target), cdk.json and cdktf.json pointing',
    "at this package's apps (aws and gcp targets), and .github/workflows/privacy-posture.yml (report and diff on",
    'pull requests, gated on weakening; deploy on merge). Existing files are never overwritten without --force.',
    '',
    'Options:',
    '  --targets LIST   which platforms the repository runs (default aws,gcp)',
    '  --dir DIR        the repository (default .)',
    '  --force          overwrite existing files',
  ].join('\n'),
  options: { targets: { type: 'string' }, dir: { type: 'string' }, force: { type: 'boolean' } },
  run({ positionals, values }, io) {
    if (positionals.length > 0)
      throw new UsageError(`expected no positional argument, received ${positionals.join(' ')}`);
    const raw = ((values.targets as string | undefined) ?? 'aws,gcp').split(',').map((t) => t.trim());
    const unknown = raw.filter((t) => !TARGETS.includes(t as Target));
    if (unknown.length > 0 || raw.length === 0)
      throw new UsageError(
        `--targets received ${unknown.join(', ') || 'nothing'}; expected a comma-separated list of ${TARGETS.join(', ')}`,
      );
    const targets = TARGETS.filter((t) => raw.includes(t));
    const dir = path.resolve(io.cwd, (values.dir as string | undefined) ?? '.');
    const planned = files(targets);
    const existing = Object.keys(planned).filter((f) => fs.existsSync(path.join(dir, f)));
    if (existing.length > 0 && !values.force)
      throw new InputError(
        `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}; nothing was written (--force overwrites)`,
      );
    for (const [f, text] of Object.entries(planned)) {
      ensureDir(path.dirname(path.join(dir, f)));
      writeFileAtomic(path.join(dir, f), text);
      io.out(`  wrote ${f}\n`);
    }
    const install = installLine(targets);
    io.out(
      `\nNext:\n${install ? `  ${install}\n` : ''}  npx convoguard validate convoguard.yaml\n  npx convoguard synth convoguard.yaml\n`,
    );
    return EXIT.ok;
  },
};
