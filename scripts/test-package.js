// The platform-repo recipe, end to end, as a user gets it: the package is packed (`npm pack`), installed into a
// fresh project with the peers the user chooses, and examples/platform-repo's apps attach convoguard to the team's
// own Lex bot and Dialogflow CX agent. Fails unless the email slot is obfuscated, the custom AccountNumber slot is
// obfuscated, the test alias logs to the protected group, the page parameter is redacted, and `convoguard synth`
// writes the policy's Terraform backend. Variants: the pinned peers, the lowest peers package.json accepts, and a
// symlinked install of this checkout (`npm install <path>`), where convoguard sees a second copy of the libraries.
// The variants run in two lanes (child runs of this script); the tarball packs dist/ as built when it is fresh.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { lane } = require('./lanes');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const example = path.join(root, 'examples', 'platform-repo');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-package-'));
const sh = (cmd, args, cwd, env = {}) => {
  const t0 = Date.now();
  try {
    return execFileSync(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    }).toString();
  } finally {
    if (process.env.CONVOGUARD_PACKAGE_TIMES)
      console.log(
        `      ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cmd} ${args
          .filter((a) => !a.startsWith('/'))
          .join(' ')
          .slice(0, 80)}`,
      );
  }
};
/**
 * aws-cdk-lib's built-in CloudFormation validation (on by default, about 4 s and 6 CPU-s per AWS synth) runs on the
 * pinned variant's apps, on the README examples and on every `convoguard synth`; the symlinked and AWS-only variants'
 * apps skip it: their templates are the pinned variant's, and what differs there is how the package is installed.
 * (aws-cdk-lib 2.273, the lowest, has no built-in validation; test:peers covers that version.)
 */
const VALIDATED = (variant) => (variant === 'pinned' ? {} : { CDK_VALIDATION: 'false' });
const peers = (pick) => Object.keys(pkg.peerDependencies).map((n) => `${n}@${pick(n)}`);
const pinned = (n) => pkg.devDependencies[n];
const lowest = (n) => pkg.peerDependencies[n].replace(/^\^/, '');

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`    ok: ${message}`);
}

function run(variant, install) {
  console.log(`> ${variant}`);
  const dir = path.join(work, variant);
  fs.mkdirSync(dir);
  for (const f of ['convoguard.yaml', 'aws-app.js', 'gcp-app.js'])
    fs.copyFileSync(path.join(example, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `platform-${variant}`, private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...install], dir);

  // AWS: the team's bot, protected.
  sh('node', ['aws-app.js'], dir, { CDK_OUTDIR: path.join(dir, 'cdk.out'), ...VALIDATED(variant) });
  const t = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'PlatformBots.template.json'), 'utf8'));
  const bot = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lex::Bot');
  const slots = bot.Properties.BotLocales[0].Intents[0].Slots;
  const obf = (name) =>
    slots.find((s) => s.SlotName === name || s.Name === name)?.ObfuscationSetting?.ObfuscationSettingType;
  check(obf('email') === 'DefaultObfuscation', 'the email slot of the team’s bot is obfuscated');
  check(obf('account') === 'DefaultObfuscation', 'the custom AccountNumber slot (sensitiveSlotTypes) is obfuscated');
  const alias = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lex::BotAlias');
  check(
    alias.Properties.ConversationLogSettings?.TextLogSettings?.length === 1,
    'the alias logs text to the protected log group',
  );
  check(
    JSON.stringify(bot.Properties.TestBotAliasSettings?.ConversationLogSettings) ===
      JSON.stringify(alias.Properties.ConversationLogSettings),
    'the test alias logs to the same protected destinations',
  );

  // Google Cloud: the team's agent and page, protected.
  sh('node', ['gcp-app.js'], dir, { CDKTF_OUTDIR: path.join(dir, 'cdktf.out') });
  const tf = JSON.parse(
    fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'platform-agents', 'cdk.tf.json'), 'utf8'),
  );
  const page = Object.values(tf.resource.google_dialogflow_cx_page)[0];
  check(page.form.parameters[0].redact === true, 'the email parameter of the team’s page is redacted');
  check(
    /google_dialogflow_cx_security_settings/.test(
      Object.values(tf.resource.google_dialogflow_cx_agent)[0].security_settings,
    ),
    'the team’s agent uses convoguard’s security settings',
  );

  // The CLI from the package: synth with the policy's backend, and the recipe's files.
  sh('npx', ['convoguard', 'synth', 'convoguard.yaml', '--out', 'synth'], dir);
  const stack = fs.readdirSync(path.join(dir, 'synth', 'cdktf.out', 'stacks'))[0];
  const backend = JSON.parse(
    fs.readFileSync(path.join(dir, 'synth', 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'),
  ).terraform.backend;
  check(backend?.gcs?.bucket === 'platform-terraform-state', 'convoguard synth writes the policy’s Terraform backend');
  // The recipe as the README gives it: `convoguard init`, then the apps cdk.json and cdktf.json name, run the way
  // `cdk synth` and `cdktf synth` run them (context and output folder through the environment).
  const recipe = path.join(dir, 'recipe');
  fs.mkdirSync(recipe);
  fs.symlinkSync(path.join(dir, 'node_modules'), path.join(recipe, 'node_modules'));
  sh('npx', ['convoguard', 'init'], recipe);
  const app = (file) => JSON.parse(fs.readFileSync(path.join(recipe, file), 'utf8'));
  const cdkJson = app('cdk.json');
  const [cdkCmd, ...cdkArgs] = cdkJson.app.split(' ');
  sh(cdkCmd, cdkArgs, recipe, {
    CDK_OUTDIR: path.join(recipe, 'cdk.out'),
    CDK_CONTEXT_JSON: JSON.stringify(cdkJson.context),
    ...VALIDATED(variant),
  });
  const starter = fs.readdirSync(path.join(recipe, 'cdk.out')).find((f) => f.endsWith('.template.json'));
  const starterBot = Object.values(
    JSON.parse(fs.readFileSync(path.join(recipe, 'cdk.out', starter), 'utf8')).Resources,
  ).find((r) => r.Type === 'AWS::Lex::Bot');
  check(
    starterBot.Properties.BotLocales[0].Intents.some((i) =>
      (i.Slots ?? []).some((x) => x.ObfuscationSetting?.ObfuscationSettingType === 'DefaultObfuscation'),
    ),
    'the recipe’s cdk.json app synthesizes the starter policy, its email slot obfuscated',
  );
  const [tfCmd, ...tfArgs] = app('cdktf.json').app.split(' ');
  sh(tfCmd, tfArgs, recipe, { CDKTF_OUTDIR: path.join(recipe, 'cdktf.out') });
  const tfStack = fs.readdirSync(path.join(recipe, 'cdktf.out', 'stacks'))[0];
  const starterTf = JSON.parse(
    fs.readFileSync(path.join(recipe, 'cdktf.out', 'stacks', tfStack, 'cdk.tf.json'), 'utf8'),
  );
  check(
    /google_dialogflow_cx_security_settings/.test(
      Object.values(starterTf.resource.google_dialogflow_cx_agent)[0].security_settings,
    ) && starterTf.terraform.backend?.gcs?.bucket === 'my-terraform-state',
    'the recipe’s cdktf.json app synthesizes the starter policy, with security settings and its backend',
  );
}

/**
 * The documentation's TypeScript examples (README.md and docs/), transpiled and run against the installed package (not the sources), each with
 * the resources it promises asserted: the security settings on the Dialogflow agent, the redaction on the CX Agent
 * Studio app, the obfuscated slot and the protected alias on the Lex bot, the plan printed.
 */
function readmeExamples(variantDir) {
  console.log('> the documentation examples (README.md, docs/), from the installed package');
  const { transformSync } = require(path.join(root, 'node_modules', '@swc/core'));
  // Every page's examples (scripts/doc-pages.js: README.md and docs/*.md), as test/docs.test.ts runs them on the sources.
  const { docPages, tsExamples } = require('./doc-pages');
  const blocks = docPages(root).flatMap((page) => tsExamples(fs.readFileSync(path.join(root, page), 'utf8')));
  check(blocks.length >= 4, `the documentation has ${blocks.length} TypeScript examples`);
  blocks.forEach((source, i) => {
    const dir = path.join(variantDir, `readme-${i + 1}`);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(root, 'examples', 'convoguard.yaml'), path.join(dir, 'convoguard.yaml'));
    fs.writeFileSync(
      path.join(dir, 'example.js'),
      transformSync(source, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      }).code,
    );
    const out = sh('node', ['example.js'], dir, {
      CDK_OUTDIR: path.join(dir, 'cdk.out'),
      CDKTF_OUTDIR: path.join(dir, 'cdktf.out'),
      ...VALIDATED('pinned'),
    });
    const what = `README example ${i + 1}`;
    if (fs.existsSync(path.join(dir, 'cdktf.out'))) {
      const stacks = fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks'));
      const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', stacks[0], 'cdk.tf.json'), 'utf8'));
      const app = Object.values(tf.resource.google_ces_app ?? {})[0];
      if (app) {
        // A CX Agent Studio app (yours): redaction with convoguard's inspect template, and the provider pinned to 7.x.
        const redaction = (app.logging_settings ?? {}).redaction_config ?? {};
        check(
          redaction.enable_redaction === true &&
            /google_data_loss_prevention_inspect_template/.test(redaction.inspect_template) &&
            tf.terraform.required_providers.google.version === '7.45.0',
          `${what}: the CX Agent Studio app redacts with convoguard's templates, on provider 7.45.0`,
        );
      } else {
        const agent = Object.values(tf.resource.google_dialogflow_cx_agent ?? {})[0];
        check(
          agent && /google_dialogflow_cx_security_settings/.test(agent.security_settings),
          `${what}: the Dialogflow agent uses convoguard's security settings`,
        );
      }
    } else if (fs.existsSync(path.join(dir, 'cdk.out'))) {
      const template = fs.readdirSync(path.join(dir, 'cdk.out')).find((f) => f.endsWith('.template.json'));
      const t = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', template), 'utf8'));
      const bot = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lex::Bot');
      const alias = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lex::BotAlias');
      const slots = bot.Properties.BotLocales.flatMap((l) => l.Intents.flatMap((x) => x.Slots ?? []));
      check(
        slots.some((x) => x.ObfuscationSetting?.ObfuscationSettingType === 'DefaultObfuscation') &&
          alias.Properties.ConversationLogSettings?.TextLogSettings?.length === 1,
        `${what}: the slot is obfuscated and the alias logs to the protected group`,
      );
    } else {
      check(
        /support dialogflow-cx/.test(out) && /billing lex/.test(out),
        `${what}: prints each agent's plan and expected posture`,
      );
    }
  });
}

/** An AWS-only platform repository: installs no Google library, protects its bot, and is told what a Google target needs. */
function awsOnly(tarball) {
  console.log('> aws-only');
  const dir = path.join(work, 'aws-only');
  fs.mkdirSync(dir);
  for (const f of ['convoguard.yaml', 'aws-app.js']) fs.copyFileSync(path.join(example, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'platform-aws-only', private: true }));
  sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      tarball,
      ...['aws-cdk-lib', 'constructs', 'cdk-nag'].map((n) => `${n}@${pinned(n)}`),
    ],
    dir,
  );
  check(
    !fs.existsSync(path.join(dir, 'node_modules', 'cdktf')) && !fs.existsSync(path.join(dir, 'node_modules', '@cdktf')),
    'neither cdktf nor the Google provider is installed',
  );
  sh('node', ['aws-app.js'], dir, { CDK_OUTDIR: path.join(dir, 'cdk.out'), ...VALIDATED('aws-only') });
  const t = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'PlatformBots.template.json'), 'utf8'));
  check(
    Object.values(t.Resources).some((r) => r.Type === 'AWS::Lex::Bot'),
    'the bot is protected without the Google libraries',
  );
  let message = '';
  try {
    sh('npx', ['convoguard', 'synth', 'convoguard.yaml', '--out', 'synth'], dir);
  } catch (e) {
    message = `${e.stderr}`;
  }
  check(
    /(cdktf|@cdktf\/provider-google) is not installed: npm install --save-dev cdktf@/.test(message),
    'synth of a dialogflow-cx agent says which Google packages to install',
  );
}

/**
 * A linked install with the lowest peers: convoguard resolves its peers from this checkout (the pinned versions),
 * the app from its own node_modules (the lowest), two differing copies. Refused when convoguard/aws loads, in one
 * line naming the versions to install (with them installed it is the symlinked variant).
 */
function symlinkedLowest() {
  console.log('> symlinked-lowest');
  const lowestDir = path.join(work, 'lowest');
  let dir;
  if (fs.existsSync(path.join(lowestDir, 'node_modules', 'convoguard'))) {
    // The lowest variant's repository, done with: its peers are the ones this needs, and `npm install <path>` of
    // this checkout would put exactly a symlink in place of the installed package (the install is 15 s).
    dir = lowestDir;
    fs.rmSync(path.join(dir, 'node_modules', 'convoguard'), { recursive: true });
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'convoguard'), 'dir');
    fs.rmSync(path.join(dir, 'cdk.out'), { recursive: true, force: true });
  } else {
    dir = path.join(work, 'symlinked-lowest');
    fs.mkdirSync(dir);
    for (const f of ['convoguard.yaml', 'aws-app.js']) fs.copyFileSync(path.join(example, f), path.join(dir, f));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'platform-symlinked-lowest', private: true }),
    );
    sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', root, ...peers(lowest)], dir);
  }
  let err;
  try {
    sh('node', ['aws-app.js'], dir, { CDK_OUTDIR: path.join(dir, 'cdk.out') });
  } catch (e) {
    err = e;
  }
  const stderr = `${err?.stderr ?? ''}`;
  const line = stderr.split('\n').find((l) => l.includes('convoguard: two copies'));
  const want = ['constructs', 'aws-cdk-lib', 'cdk-nag']
    .filter((n) => lowest(n) !== pinned(n))
    .map((n) => `${n}@${pinned(n)}`);
  check(
    err !== undefined && line !== undefined && want.every((w) => line.includes(w)),
    `the app is refused at load, in one line naming ${want.join(' ')}`,
  );
  check(!/_scopes is not iterable|\n\s+at /.test(stderr), 'no trace from inside the library');
  // With the versions it names installed, this is the symlinked variant, which runs the whole recipe.
}

/**
 * Every lib/ and bin/ source (.ts, and the .json files they import, which tsc copies) has its build in dist/, written
 * after the newest source and config was changed; and dist/ holds nothing else.
 */
function distIsFresh() {
  const walk = (dir, pattern) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true, recursive: true })
          .filter((e) => e.isFile() && pattern.test(e.name) && !e.name.endsWith('.d.ts'))
          .map((e) => path.join(e.parentPath ?? e.path, e.name))
      : [];
  const sources = ['lib', 'bin'].flatMap((d) => walk(path.join(root, d), /\.(ts|json)$/));
  const built = ['lib', 'bin'].flatMap((d) => walk(path.join(root, 'dist', d), /\.(js|json)$/));
  const expected = new Set(sources.map((f) => path.join(root, 'dist', path.relative(root, f)).replace(/\.ts$/, '.js')));
  if (built.length !== expected.size || !built.every((f) => expected.has(f))) return false;
  const configs = ['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(root, f));
  const newestSource = Math.max(...[...sources, ...configs].map((f) => fs.statSync(f).mtimeMs));
  return Math.min(...built.map((f) => fs.statSync(f).mtimeMs)) > newestSource;
}

/** The variants in two lanes (two cores, each variant mostly one process at a time), each a child run of this script. */
// symlinked-lowest follows lowest in its lane, to reuse its repository.
const LANES = [
  ['pinned', 'aws-only'],
  ['lowest', 'symlinked-lowest', 'symlinked'],
];

function runLane(variants, tarball) {
  return lane(`lane ${variants.join(', ')}`, process.execPath, [__filename], {
    env: { ...process.env, CONVOGUARD_PACKAGE_TARBALL: tarball, CONVOGUARD_PACKAGE_VARIANTS: variants.join(',') },
  });
}

async function main() {
  if (process.env.CONVOGUARD_PACKAGE_TARBALL) return variants(process.env.CONVOGUARD_PACKAGE_TARBALL);
  // npm ci (prepare) has just built dist/ in CI: packing rebuilds it only when a source is newer.
  const fresh = distIsFresh();
  console.log(`> npm pack${fresh ? ' (dist/ is newer than every source: packed as built)' : ''}`);
  const tarball = path.join(
    work,
    sh('npm', ['pack', '--silent', ...(fresh ? ['--ignore-scripts'] : []), '--pack-destination', work], root)
      .trim()
      .split('\n')
      .pop(),
  );
  const contents = sh('tar', ['-tzf', tarball], work);
  check(
    contents.includes('package/LICENSE') &&
      contents.includes('package/convoguard.schema.json') &&
      contents.includes('package/dist/lib/index.js') &&
      !contents.includes('gen-schema'),
    'the tarball ships LICENSE, the schema and the build, not gen-schema',
  );
  // CONVOGUARD_PACKAGE_VARIANTS=symlinked runs one variant (in this process) while working on it.
  if (process.env.CONVOGUARD_PACKAGE_VARIANTS) return variants(tarball);
  const results = await Promise.all(LANES.map((l) => runLane(l, tarball)));
  if (!results.every(Boolean)) throw new Error('a variant failed (its output is above)');
  console.log(
    '> the packed package works as the recipe says: pinned and lowest peers, a symlinked install (refused with differing peers, in one line), and an AWS-only repository',
  );
}

function variants(tarball) {
  const only = (process.env.CONVOGUARD_PACKAGE_VARIANTS ?? '').split(',');
  if (only.includes('pinned')) {
    run('pinned', [tarball, ...peers(pinned)]);
    readmeExamples(path.join(work, 'pinned'));
  }
  if (only.includes('lowest')) run('lowest', [tarball, ...peers(lowest)]);
  if (only.includes('symlinked')) run('symlinked', [root, ...peers(pinned)]);
  if (only.includes('symlinked-lowest')) symlinkedLowest();
  if (only.includes('aws-only')) awsOnly(tarball);
}

main()
  .catch((e) => {
    const err = e;
    process.stderr.write(
      `${err.message}\n${err.stdout ? err.stdout.toString() : ''}${err.stderr ? err.stderr.toString() : ''}`,
    );
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
