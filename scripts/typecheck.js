// The type-check of `npm test` (what `tsc --noEmit` did) and, from the same program, the API report and reference
// (docs/api/, each export's doc comment). The API report: every name each
// package entry point exports, with its kind and signature, compared with api/convoguard.api.md. A change to the
// public API fails here until the report is regenerated (`npm run api`) and committed, so it shows up in review.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const REPORT = path.join(root, 'api', 'convoguard.api.md');
// The API reference, from the same program: one page per entry point with each export's doc comment and, for
// props and options, each property's description and @default (docs/api/).
const REFERENCE = path.join(root, 'docs', 'api');
const update = process.argv.includes('--update');

const parsed = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
// Incremental on a working copy: the last check's results are kept in node_modules/.cache, and only the files a
// change affects are checked again. CI checks from scratch (CI=true), so a stale cache can never pass a build.
const incremental = !process.env.CI;
const options = {
  ...parsed.options,
  noEmit: true,
  ...(incremental
    ? { incremental: true, tsBuildInfoFile: path.join(root, 'node_modules', '.cache', 'convoguard', 'tsc.tsbuildinfo') }
    : {}),
};
// The API report is read from a fresh checker, before the check: the order in which the checker meets types decides
// the order of union members in their text, and an incremental check meets only the files a change affects.
let builder;
let program;
if (incremental) {
  builder = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options });
  program = builder.getProgram();
} else program = ts.createProgram({ rootNames: parsed.fileNames, options });

function typeCheck() {
  if (!builder) return ts.getPreEmitDiagnostics(program);
  const found = [
    ...builder.getConfigFileParsingDiagnostics(),
    ...builder.getOptionsDiagnostics(),
    ...builder.getGlobalDiagnostics(),
    ...builder.getSyntacticDiagnostics(),
    ...builder.getSemanticDiagnostics(),
    // What getPreEmitDiagnostics adds with declaration: true (TS2742 and the like), so CI finds nothing new.
    ...(options.declaration ? builder.getDeclarationDiagnostics() : []),
  ];
  // With noEmit this writes the build info only (and only when the check passed, so a failure is checked again).
  if (found.length === 0) builder.emit();
  return found;
}

// The entry points users import (package.json "exports"), in order.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const entries = Object.entries(pkg.exports)
  .filter(([, v]) => typeof v === 'object' && typeof v.types === 'string')
  .map(([name, v]) => ({
    name: name === '.' ? 'convoguard' : `convoguard/${name.slice(2)}`,
    file: path.join(root, v.types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts')),
  }));

const checker = program.getTypeChecker();
const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;
const MAX = 400;
// Paths in type texts (import("…")) are made relative to the checkout before anything is measured, so the report is
// the same in any clone.
const rootPattern = new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
const relative = (p) =>
  p.includes('/node_modules/') ? `./node_modules/${p.split('/node_modules/').pop()}` : `./${path.relative(root, p)}`;
const short = (t) => {
  const one = t
    .replace(/import\("([^"]+)"\)/g, (_m, p) => `import("${relative(p)}")`)
    .replace(rootPattern, '.')
    .replace(/\s+/g, ' ');
  return one.length > MAX ? `${one.slice(0, MAX)}… (${one.length} characters)` : one;
};

function describe(sym) {
  const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const decl = s.valueDeclaration ?? s.declarations?.[0];
  if (!decl) return [`- ${sym.name}`];
  const lines = [];
  if (s.flags & ts.SymbolFlags.Class) {
    lines.push(`- class ${sym.name}`);
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    for (const sig of type.getConstructSignatures())
      lines.push(`  - constructor${short(checker.signatureToString(sig, decl, flags))}`);
    for (const p of type.getProperties().filter((p) => p.name !== 'prototype'))
      lines.push(
        `  - static ${p.name}: ${short(checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl), decl, flags))}`,
      );
    const instance = checker.getDeclaredTypeOfSymbol(s);
    for (const p of instance.getProperties()) {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      const mods = d ? ts.getCombinedModifierFlags(d) : 0;
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || p.name.startsWith('#')) continue;
      // Members inherited from the cloud libraries' base classes are theirs, not convoguard's.
      if (d && !d.getSourceFile().fileName.startsWith(path.join(root, 'lib'))) continue;
      lines.push(
        `  - ${p.name}: ${short(checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl), decl, flags))}`,
      );
    }
  } else if (s.flags & ts.SymbolFlags.Interface) {
    lines.push(`- interface ${sym.name}`);
    for (const p of checker.getDeclaredTypeOfSymbol(s).getProperties()) {
      const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
      lines.push(
        `  - ${p.name}${optional}: ${short(checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl), decl, flags))}`,
      );
    }
  } else if (s.flags & ts.SymbolFlags.TypeAlias) {
    const shown = checker.typeToString(
      checker.getDeclaredTypeOfSymbol(s),
      decl,
      flags | ts.TypeFormatFlags.InTypeAlias,
    );
    lines.push(`- type ${sym.name} = ${short(shown)}`);
  } else if (s.flags & ts.SymbolFlags.Function) {
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    for (const sig of type.getCallSignatures())
      lines.push(`- function ${sym.name}${short(checker.signatureToString(sig, decl, flags))}`);
  } else if (s.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property)) {
    lines.push(
      `- const ${sym.name}: ${short(checker.typeToString(checker.getTypeOfSymbolAtLocation(s, decl), decl, flags))}`,
    );
  } else if (s.flags & ts.SymbolFlags.Enum) {
    lines.push(`- enum ${sym.name}`);
  } else lines.push(`- ${sym.name}`);
  return lines;
}

/** The names an entry point exports, sorted: what the API report, the reference and the jsii check all walk. */
function exportsOf(e) {
  const sf = program.getSourceFile(e.file);
  if (!sf) throw new Error(`entry point ${e.name}: ${e.file} is not in the program`);
  const mod = checker.getSymbolAtLocation(sf);
  return mod ? [...checker.getExportsOfModule(mod)].sort((a, b) => a.name.localeCompare(b.name)) : [];
}

const out = [
  '# convoguard public API',
  '',
  'Generated by `npm run api` from the entry points of package.json "exports"; `npm test` fails when it is stale.',
  'A change here is a change to what users import: review it as one.',
  '',
];
for (const e of entries) {
  out.push(`## ${e.name}`, '');
  for (const sym of exportsOf(e)) out.push(...describe(sym));
  out.push('');
}
const text = out.join('\n').replace(rootPattern, '.') + '\n';

// ---- the reference pages
/** Doc text as Markdown GitHub keeps: outside code spans, a `<` would start an HTML tag and `](` a link. */
const prose = (t) =>
  t
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/([[\]])/g, '\\$1'),
    )
    .join('')
    .trim();
const docOf = (sym) => prose(ts.displayPartsToString(sym.getDocumentationComment(checker)));
const tagOf = (sym, name) => {
  const tag = sym.getJsDocTags(checker).find((t) => t.name === name);
  return tag ? prose(ts.displayPartsToString(tag.text ?? [])) || '(none)' : undefined;
};
const inCode = (t) => '`' + short(t).replace(/`/g, "'") + '`';
const pageName = (entry) => `${entry.replace('/', '-')}.md`;
const anchorOf = (name) => name.toLowerCase().replace(/[^a-z0-9_-]/g, '');

function referenceOf(sym) {
  const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const decl = s.valueDeclaration ?? s.declarations?.[0];
  const kind =
    s.flags & ts.SymbolFlags.Class
      ? 'class'
      : s.flags & ts.SymbolFlags.Interface
        ? 'interface'
        : s.flags & ts.SymbolFlags.TypeAlias
          ? 'type'
          : s.flags & ts.SymbolFlags.Function
            ? 'function'
            : s.flags & ts.SymbolFlags.Enum
              ? 'enum'
              : 'const';
  const lines = [`### ${sym.name}`, '', `*${kind}*${docOf(s) ? ` — ${docOf(s)}` : ''}`, ''];
  if (!decl) return lines;
  const member = (p, at) => {
    const d = p.valueDeclaration ?? p.declarations?.[0];
    const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(p, at), at, flags);
    const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
    const def = tagOf(p, 'default');
    const doc = docOf(p);
    const ours = !d || d.getSourceFile().fileName.startsWith(path.join(root, 'lib'));
    return ours
      ? [
          `- **${p.name}${optional}**: ${inCode(type)}${doc ? ` — ${doc.replace(/\n+/g, ' ')}` : ''}${def ? ` Default: ${def.replace(/\n+/g, ' ')}.` : ''}`,
        ]
      : [];
  };
  if (s.flags & ts.SymbolFlags.Class) {
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    for (const sig of type.getConstructSignatures())
      lines.push(`- **new ${sym.name}**${inCode(checker.signatureToString(sig, decl, flags))}`);
    for (const p of type.getProperties().filter((p) => p.name !== 'prototype'))
      lines.push(...member(p, decl).map((l) => l.replace('- **', '- static **')));
    for (const p of checker.getDeclaredTypeOfSymbol(s).getProperties()) {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      const mods = d ? ts.getCombinedModifierFlags(d) : 0;
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || p.name.startsWith('#')) continue;
      lines.push(...member(p, decl));
    }
  } else if (s.flags & ts.SymbolFlags.Interface) {
    for (const p of checker.getDeclaredTypeOfSymbol(s).getProperties()) lines.push(...member(p, decl));
  } else if (s.flags & ts.SymbolFlags.Function) {
    for (const sig of checker.getTypeOfSymbolAtLocation(s, decl).getCallSignatures())
      lines.push(`- ${inCode(`${sym.name}${checker.signatureToString(sig, decl, flags)}`)}`);
  } else if (s.flags & ts.SymbolFlags.TypeAlias) {
    lines.push(
      `- ${inCode(checker.typeToString(checker.getDeclaredTypeOfSymbol(s), decl, flags | ts.TypeFormatFlags.InTypeAlias))}`,
    );
  } else if (s.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property)) {
    lines.push(`- ${inCode(checker.typeToString(checker.getTypeOfSymbolAtLocation(s, decl), decl, flags))}`);
  }
  return [...lines, ''];
}

const reference = new Map();
const index = [
  '# API reference',
  '',
  'Part of the [convoguard documentation](../../README.md). Generated by `npm run api` from the doc comments, with the',
  '[API report](../../api/convoguard.api.md) and from the same program; `npm test` fails while a page is stale.',
  '',
  '| entry point | exports |',
  '|---|---|',
];
for (const e of entries) {
  const exported = exportsOf(e);
  index.push(`| [\`${e.name}\`](${pageName(e.name)}) | ${exported.length} |`);
  const page = [
    `# \`${e.name}\``,
    '',
    'Part of the [API reference](README.md). Generated by `npm run api`.',
    '',
    // GitHub's anchors: a heading whose anchor an earlier one has gets -1, -2, … (againstBase, then AgainstBase).
    (() => {
      const seen = new Map();
      return exported
        .map((x) => {
          const a = anchorOf(x.name);
          const n = seen.get(a) ?? 0;
          seen.set(a, n + 1);
          return `[${x.name}](#${n === 0 ? a : `${a}-${n}`})`;
        })
        .join(' · ');
    })(),
    '',
    ...exported.flatMap(referenceOf),
  ];
  reference.set(
    pageName(e.name),
    page
      .join('\n')
      .replace(rootPattern, '.')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n',
  );
}
reference.set('README.md', index.join('\n') + '\n');

// ---- what keeps the construct packages from compiling with jsii (api/jsii.md)
// Five of jsii's type-model rules, checked on every type the public API of convoguard/aws and convoguard/gcp uses:
// the kinds jsii 6.0.16 reported on these entry points (64 errors, then 12; measured 2026-12-08). A check of the rules, not
// jsii itself: passing it is necessary, not sufficient.
const JSII_REPORT = path.join(root, 'api', 'jsii.md');
const JSII_ENTRIES = ['convoguard/aws', 'convoguard/gcp'];
function jsiiProblems(type, seen = new Set()) {
  if (seen.has(type)) return [];
  seen.add(type);
  if (type.isUnion()) return type.types.flatMap((t) => jsiiProblems(t, seen));
  const sym = type.getSymbol() ?? type.aliasSymbol;
  if (sym?.name === 'ReadonlyArray') return ['a readonly array (jsii takes T[])'];
  if (checker.isArrayType(type)) return checker.getTypeArguments(type).flatMap((t) => jsiiProblems(t, seen));
  if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Anonymous) {
    if (type.getCallSignatures().length > 0) return ['a function type (jsii takes an interface with a method)'];
    if (!type.getStringIndexType() && type.getProperties().length > 0)
      return ['an inline object type (jsii takes a named interface)'];
  }
  return [];
}
const jsiiLines = [];
for (const e of entries.filter((x) => JSII_ENTRIES.includes(x.name))) {
  for (const sym of exportsOf(e)) {
    const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    const decl = s.valueDeclaration ?? s.declarations?.[0];
    if (!decl) continue;
    const found = [];
    const ours = (p) => {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      if (!d || !d.getSourceFile().fileName.startsWith(path.join(root, 'lib'))) return false;
      return !(ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
    };
    const props = (t) =>
      t
        .getProperties()
        .filter(ours)
        .forEach((p) => {
          const d = p.valueDeclaration ?? p.declarations?.[0];
          const type = checker.getTypeOfSymbolAtLocation(p, decl);
          if (d && (ts.isMethodDeclaration(d) || ts.isMethodSignature(d))) {
            // A method: its parameters and its result are what other languages see.
            for (const sig of type.getCallSignatures()) {
              for (const param of sig.getParameters())
                for (const problem of jsiiProblems(checker.getTypeOfSymbolAtLocation(param, decl)))
                  found.push(`${sym.name}.${p.name}(${param.name}): ${problem}`);
              for (const problem of jsiiProblems(sig.getReturnType()))
                found.push(`${sym.name}.${p.name}() returns ${problem}`);
            }
          } else for (const problem of jsiiProblems(type)) found.push(`${sym.name}.${p.name}: ${problem}`);
        });
    if (s.flags & ts.SymbolFlags.Class) {
      const type = checker.getTypeOfSymbolAtLocation(s, decl);
      for (const sig of type.getConstructSignatures())
        for (const param of sig.getParameters())
          for (const problem of jsiiProblems(checker.getTypeOfSymbolAtLocation(param, decl)))
            found.push(`${sym.name} constructor ${param.name}: ${problem}`);
      props(checker.getDeclaredTypeOfSymbol(s));
      // Directly or through a class of ours (SynthChecksError extends InputError extends Error).
      const extendsError = (t, depth = 0) =>
        depth < 10 &&
        (t.getBaseTypes?.() ?? []).some((b) => b.getSymbol()?.name === 'Error' || extendsError(b, depth + 1));
      if (extendsError(checker.getDeclaredTypeOfSymbol(s)))
        found.push(`${sym.name}: extends Error (jsii cannot extend a built-in class)`);
    } else if (s.flags & ts.SymbolFlags.Interface) {
      const t = checker.getDeclaredTypeOfSymbol(s);
      const behaviour = t
        .getProperties()
        .some(
          (p) =>
            checker.getTypeOfSymbolAtLocation(p, decl).getCallSignatures().length > 0 &&
            p.valueDeclaration &&
            ts.isMethodSignature(p.valueDeclaration),
        );
      if (behaviour && !/^I[A-Z]/.test(sym.name))
        found.push(`${sym.name}: an interface with methods (jsii names it I${sym.name})`);
      props(t);
    }
    for (const f of [...new Set(found)]) jsiiLines.push(`- ${e.name}: ${f}`);
  }
}
const jsiiText = [
  '# What keeps the construct packages from compiling with jsii',
  '',
  "Generated by `npm run api` (scripts/typecheck.js): five of jsii's type-model rules (no readonly arrays, no inline",
  'object types, no function types, behavioural interfaces named I…, no class extending Error) checked on the public',
  'API of `convoguard/aws` and `convoguard/gcp`: properties, constructor and method parameters, results. `npm test`',
  'fails when this list is stale, so each change to it shows in review. A check of these rules, not jsii: jsii 6.0.16',
  'itself, run on the same entry points on 2026-12-08, reported 64 errors, then 12 once props took arrays and named',
  'interfaces: 5 inline object types (the Terraform backend union of the plan among them), 6 for the error classes',
  "(extending Error; InputError not exported), 1 readonly array of functions. Past these, the composites' props are",
  "the plan's types (lib/policy), on which jsii" +
    ' reported 120 errors of the same kinds with the policy core as its entry point.',
  '',
  `${jsiiLines.length} problems:`,
  '',
  ...jsiiLines,
  '',
].join('\n');

const diagnostics = typeCheck();
if (diagnostics.length > 0) {
  process.stdout.write(
    ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    }),
  );
  process.exit(2);
}

// Every file this script generates, with its text: written by --update, compared otherwise. docs/api/ is written
// whole, so a page of an entry point that is gone is removed (and is stale until then).
const generated = new Map([
  [REPORT, text],
  [JSII_REPORT, jsiiText],
  ...[...reference].map(([name, page]) => [path.join(REFERENCE, name), page]),
]);
const extraPages = fs.existsSync(REFERENCE)
  ? fs
      .readdirSync(REFERENCE)
      .map((n) => path.join(REFERENCE, n))
      .filter((f) => !generated.has(f))
  : [];
if (update) {
  for (const f of extraPages) fs.rmSync(f, { recursive: true, force: true });
  for (const [f, t] of generated) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, t);
  }
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), REPORT)}, ${path.relative(process.cwd(), JSII_REPORT)} and ${reference.size} pages in ${path.relative(process.cwd(), REFERENCE)}\n`,
  );
} else {
  const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const stale = [...[...generated].filter(([f, t]) => read(f) !== t).map(([f]) => f), ...extraPages];
  for (const f of stale.filter((x) => x !== REPORT))
    process.stdout.write(`${path.relative(root, f)} is stale: run npm run api and commit it\n`);
  if (stale.includes(REPORT)) {
    // The API report says what changed: lines only one side has (a signature changed, an export added or removed),
    // then the first line that differs.
    const a = read(REPORT).split('\n');
    const b = text.split('\n');
    const gone = new Set(b);
    const kept = new Set(a);
    const removed = a.filter((l) => !gone.has(l)).slice(0, 20);
    const added = b.filter((l) => !kept.has(l)).slice(0, 20);
    const first = b.findIndex((l, i) => l !== a[i]);
    process.stdout.write(
      `the public API differs from ${path.relative(root, REPORT)} (first at line ${first + 1}): run npm run api and commit it\n` +
        [...removed.map((l) => `  - ${l}`), ...added.map((l) => `  + ${l}`)].join('\n') +
        '\n',
    );
  }
  if (stale.length > 0) process.exitCode = 1;
}
