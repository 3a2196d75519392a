import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { EXAMPLE, exampleSynthesis, listFiles, runCli, tmpDir } from '../helpers';

const BAD = `version: 1
name: acme
detection: { kinds: [emial] }
agents:
  - { name: a, platform: lex }
`;

describe('convoguard validate', () => {
  test('exits 0 on the example and names the agents', async () => {
    const r = await runCli(['validate', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'examples/convoguard.yaml: valid (6 agents: support [dialogflow-cx], billing [lex], helpdesk [rasa], kiosk [rasa], web-chat [meya], voice [cx-agent-studio])\n' +
        'verify: 1 CloudWatch anomaly-detection alarm (billed per alarm-month), 1 Cloud Monitoring log-match alert policy (billed per condition-month), 2 notification topics, 1 DLP job trigger every 7d (DLP bills per GB inspected), 1 BigQuery findings dataset, 1 Macie job (Macie bills per GB inspected)\n',
    );
    expect(r.err).toContain(
      "warning: agents.kiosk: Rasa's anonymization pipeline applies Presidio entities only, no custom patterns or markers: ORDER_NUMBER, SSML markers are not applied on this agent",
    );
    expect(r.err).toContain(
      "warning: agents.helpdesk: Rasa 3.13's privacy rules are per slot (and GLiNER labels), with no pattern detectors: ORDER_NUMBER, SSML markers are not applied on this agent",
    );
  });

  test('exits 2 with every problem, positioned, and no stack trace', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
    const r = await runCli(['validate', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(
        /^bad\.yaml:3:22 detection\.kinds\[0\]: received "emial"; expected one of .*\(did you mean "email"\?\)$/,
      ),
      'bad.yaml:5:5 agents[0].region: missing required field; expected string (AWS region)',
      '2 problems',
      '',
    ]);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('usage mistakes exit 2 with the usage line', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'convoguard validate: expected one policy file, received 0\nUsage: convoguard validate <policy.yaml> [--quiet]\n',
    );
    const unknown = await runCli(['validate', EXAMPLE, '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--bogus'");
  });

  test('an unknown command exits 2', async () => {
    const r = await runCli(['deploy']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'convoguard: unknown command "deploy"; expected one of init, validate, plan, synth, rasa, meya, report, diff, preview, canary\n',
    });
  });

  test.each(['init', 'validate', 'plan', 'synth', 'rasa', 'meya', 'report', 'diff', 'preview', 'canary'])(
    '%s --help prints usage and exits 0',
    async (cmd) => {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: convoguard ${cmd} `));
    },
  );

  test('--help lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'validate', 'plan', 'synth', 'rasa', 'meya', 'report', 'diff', 'preview'])
      expect(r.out).toContain(`  ${cmd} `);
  });
});

describe('convoguard plan', () => {
  test('prints YAML that parses back to the per-agent plan', async () => {
    const r = await runCli(['plan', EXAMPLE, '--agent', 'billing']);
    expect(r.code).toBe(0);
    const doc = parse(r.out);
    expect(doc.agents).toHaveLength(1);
    expect(doc.agents[0]).toMatchObject({
      name: 'billing',
      platform: 'lex',
      decrypters: ['arn:aws:iam::111122223333:role/PrivacyOfficer'],
    });
  });

  test('prints JSON with --format json', async () => {
    const r = await runCli(['plan', EXAMPLE, '--format', 'json']);
    expect(JSON.parse(r.out).agents.map((a: { name: string }) => a.name)).toEqual([
      'support',
      'billing',
      'helpdesk',
      'kiosk',
      'web-chat',
      'voice',
    ]);
  });

  test('rejects an unknown agent or format', async () => {
    expect((await runCli(['plan', EXAMPLE, '--agent', 'nobody'])).err).toContain(
      '--agent received "nobody"; the policy has support, billing, helpdesk, kiosk, web-chat',
    );
    expect((await runCli(['plan', EXAMPLE, '--format', 'xml'])).code).toBe(2);
  });
});

describe('convoguard synth', () => {
  test('writes nothing when the policy is invalid', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
    const r = await runCli(['synth', 'bad.yaml', '--out', 'build'], dir);
    expect(r.code).toBe(2);
    expect(listFiles(dir)).toEqual(['bad.yaml']);
  });
});

describe('convoguard synth on a valid policy', () => {
  test('writes every target of the example (the suite synthesizes it once with this command: test/global-setup.ts)', () => {
    const dir = exampleSynthesis();
    expect(
      listFiles(dir).filter((f) => !f.includes('asset.') && !f.startsWith('cdk.out/') && !f.endsWith('manifest.json')),
    ).toEqual([
      'cdktf.out/.convoguard-synth',
      'cdktf.out/stacks/support-assistant-ces-acme-cx-prod-us/cdk.tf.json',
      'cdktf.out/stacks/support-assistant-gcp-acme-cx-prod-us-central1/cdk.tf.json',
      'out/aws/billing/deny-unmask-scp.json',
      'out/convoguard.json',
      'out/meya/web-chat/integration/sensitive_data.yaml',
      'out/plan.json',
      'out/rasa/helpdesk/endpoints.yml',
      'out/rasa/kiosk/endpoints.yml',
      'policy.yaml',
    ]);
    expect(listFiles(path.join(dir, 'cdk.out'))).toContain('support-assistant-aws-us-east-1.template.json');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.convoguard-synth-'))).toEqual([]);
  });
});

describe('cloud libraries are optional peers', () => {
  const notFound = (pkg: string) =>
    Object.assign(new Error(`Cannot find module '${pkg}'\nRequire stack:\n- x.js`), { code: 'MODULE_NOT_FOUND' });
  test('a target whose peer is not installed says what to install, instead of a trace', () => {
    const { loadTarget } = jest.requireActual('../../lib/cli/peers') as typeof import('../../lib/cli/peers');
    expect(() =>
      loadTarget('gcp', () => {
        throw notFound('@cdktf/provider-google/lib/storage-bucket');
      }),
    ).toThrow(
      'dialogflow-cx agents are synthesized with CDK for Terraform, and @cdktf/provider-google is not installed: npm install --save-dev cdktf@^0.21.0 @cdktf/provider-google@^16.12.1 constructs@^10.5.1',
    );
    expect(() =>
      loadTarget('aws', () => {
        throw notFound('aws-cdk-lib');
      }),
    ).toThrow(
      'lex agents are synthesized with the AWS CDK, and aws-cdk-lib is not installed: npm install --save-dev aws-cdk-lib@^2.273.0 constructs@^10.5.1 cdk-nag@^3.0.2',
    );
    // Any other failure is not hidden behind that message.
    expect(() =>
      loadTarget('aws', () => {
        throw notFound('./something-else');
      }),
    ).toThrow("Cannot find module './something-else'");
  });

  test('the package declares them as optional peers with the ranges the messages name, pinned for development', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const { TARGET_PEERS } = jest.requireActual('../../lib/cli/peers') as typeof import('../../lib/cli/peers');
    for (const spec of [...TARGET_PEERS.aws.packages, ...TARGET_PEERS.gcp.packages]) {
      const at = spec.lastIndexOf('@');
      const [name, range] = [spec.slice(0, at), spec.slice(at + 1)];
      expect(pkg.peerDependencies[name]).toBe(range);
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      if (name !== 'constructs') expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(await runCli(['--version'])).toMatchObject({ code: 0, out: `convoguard ${pkg.version}\n` });
});

test('the root barrel exports the public API, not message helpers', () => {
  const root = jest.requireActual('../../lib') as Record<string, unknown>;
  for (const name of [
    'loadPolicy',
    'parsePolicy',
    'validatePolicy',
    'PolicyError',
    'formatProblem',
    'plan',
    'agentPlan',
    'expectedPosture',
    'preview',
    'KINDS',
    'policyJsonSchema',
    'report',
  ])
    expect(root[name]).toBeDefined();
  for (const name of ['show', 'hint', 'didYouMean', 'formatPath', 'findAll', 'parseDuration', 'PolicySchema'])
    expect(root[name]).toBeUndefined();
});

describe('convoguard init', () => {
  test.each([['aws,gcp'], ['aws'], ['gcp'], ['rasa,meya']])(
    '--targets %s writes a policy that validates, and the app files that target needs',
    async (targets) => {
      const dir = tmpDir('convoguard-init-');
      const r = await runCli(['init', '--targets', targets], dir);
      expect(r.code).toBe(0);
      const files = listFiles(dir);
      expect(files).toEqual(expect.arrayContaining(['.github/workflows/privacy-posture.yml', 'convoguard.yaml']));
      expect(files.includes('cdk.json')).toBe(targets.includes('aws'));
      expect(files.includes('cdktf.json')).toBe(targets.includes('gcp'));
      if (targets.includes('aws'))
        expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8'))).toMatchObject({
          app: 'node node_modules/convoguard/dist/bin/cdk.js',
          context: { policy: 'convoguard.yaml' },
        });
      expect((await runCli(['validate', 'convoguard.yaml'], dir)).code).toBe(0);
      expect(
        parse(fs.readFileSync(path.join(dir, '.github/workflows/privacy-posture.yml'), 'utf8')).jobs.review.steps
          .length,
      ).toBeGreaterThan(3);
    },
  );
  test('never overwrites without --force, and names what exists', async () => {
    const dir = tmpDir('convoguard-init-');
    fs.writeFileSync(path.join(dir, 'convoguard.yaml'), 'mine\n');
    const r = await runCli(['init'], dir);
    expect(r).toMatchObject({
      code: 2,
      err: `convoguard init: convoguard.yaml already exists in ${dir}; nothing was written (--force overwrites)\n`,
    });
    expect(listFiles(dir)).toEqual(['convoguard.yaml']);
    expect((await runCli(['init', '--targets', 'lex'], dir)).err).toContain(
      '--targets received lex; expected a comma-separated list of aws, gcp, rasa, meya',
    );
  });
});
