/**
 * What must hold of a head synthesis on its own, changed or not: the deploy tools deploy exactly the files this
 * review reads. A cloud assembly stack deploys `<stack>.template.json`, publishes that file under its own hash, and
 * every asset comes from inside cdk.out without a command; a cdktf stack deploys `stacks/<name>/cdk.tf.json`.
 */
import { isMap } from './compare';
import { ATTRIBUTION } from '../../attribution';
import type { OutputChange } from './change';
import type { Synthesis } from './output';

export function integrityProblems(s: Synthesis): OutputChange[] {
  const out: OutputChange[] = [];
  const problem = (file: string, resource: string, path: string, why: string, after?: unknown): void => {
    out.push({
      class: 'weakening',
      file,
      resource,
      type: 'deploy artifact',
      path,
      why,
      ...(after !== undefined ? { after: JSON.stringify(after) } : {}),
    });
  };
  const cdk = s.files.get('cdk.out/manifest.json');
  if (cdk && isMap(cdk.doc) && isMap(cdk.doc.artifacts)) {
    const artifacts = cdk.doc.artifacts;
    for (const [id, a] of Object.entries(artifacts)) {
      if (!isMap(a) || a.type !== 'aws:cloudformation:stack') continue;
      const props = isMap(a.properties) ? a.properties : {};
      const expected = `${id}.template.json`;
      const template = s.files.get(`cdk.out/${expected}`);
      if (props.templateFile !== expected)
        problem(
          cdk.rel,
          `artifacts.${id}`,
          'properties.templateFile',
          `stack ${id} deploys ${JSON.stringify(props.templateFile)}, not ${expected} (the template this review reads)`,
          props.templateFile,
        );
      else if (!template || template.kind !== 'cfn-template')
        problem(
          cdk.rel,
          `artifacts.${id}`,
          'properties.templateFile',
          `stack ${id} deploys ${expected}, which is not in the synthesis`,
        );
      if (template && props.stackTemplateAssetObjectUrl !== undefined) {
        const url = String(props.stackTemplateAssetObjectUrl);
        if (!url.endsWith(`/${template.sha256}.json`))
          problem(
            cdk.rel,
            `artifacts.${id}`,
            'properties.stackTemplateAssetObjectUrl',
            `stack ${id} deploys the template published at ${url}, not the reviewed ${expected} (published as ${template.sha256}.json)`,
            url,
          );
        const assetsId = (Array.isArray(props.additionalDependencies) ? props.additionalDependencies : []).find(
          (d) =>
            isMap(artifacts[String(d)]) &&
            (artifacts[String(d)] as Record<string, unknown>).type === 'cdk:asset-manifest',
        );
        const assetsFile =
          assetsId !== undefined && isMap((artifacts[String(assetsId)] as Record<string, unknown>).properties)
            ? String(
                ((artifacts[String(assetsId)] as Record<string, unknown>).properties as Record<string, unknown>).file,
              )
            : undefined;
        const assets = assetsFile !== undefined ? s.files.get(`cdk.out/${assetsFile}`) : undefined;
        const entry =
          assets && isMap(assets.doc) && isMap(assets.doc.files) ? assets.doc.files[template.sha256] : undefined;
        const source = isMap(entry) && isMap(entry.source) ? entry.source : undefined;
        if (!source || source.path !== expected)
          problem(
            assetsFile ? `cdk.out/${assetsFile}` : cdk.rel,
            `files.${template.sha256}`,
            'source.path',
            `no asset publishes the reviewed ${expected} under the hash its stack deploys`,
            source?.path,
          );
      }
    }
  }
  for (const f of s.files.values()) {
    if (f.kind !== 'cdk-assets' || !isMap(f.doc)) continue;
    for (const [id, a] of Object.entries(isMap(f.doc.files) ? f.doc.files : {})) {
      const source = isMap(a) && isMap(a.source) ? a.source : {};
      if (source.executable !== undefined)
        problem(
          f.rel,
          `files.${id}`,
          'source.executable',
          'a command runs when the asset is published: what it publishes was never reviewed',
          source.executable,
        );
      const p = source.path;
      if (typeof p !== 'string' || p.startsWith('/') || p.split(/[\\/]/).includes('..'))
        problem(f.rel, `files.${id}`, 'source.path', 'the asset is published from outside cdk.out', p);
      else if (![...s.files.keys()].some((r) => r === `cdk.out/${p}` || r.startsWith(`cdk.out/${p}/`)))
        problem(f.rel, `files.${id}`, 'source.path', `the asset's source ${p} is not in the synthesis`, p);
    }
    for (const [id] of Object.entries(isMap(f.doc.dockerImages) ? f.doc.dockerImages : {}))
      problem(
        f.rel,
        `dockerImages.${id}`,
        '',
        'a container image is built and published at deploy: this review does not read it',
      );
  }
  // A Lambda function runs the object its Code names: it must be an asset this synthesis publishes (whose contents
  // the gate hashes), not whatever else is in the bucket.
  const published = new Set<string>();
  for (const f of s.files.values()) {
    if (f.kind !== 'cdk-assets' || !isMap(f.doc) || !isMap(f.doc.files)) continue;
    for (const a of Object.values(f.doc.files))
      for (const d of Object.values(isMap(a) && isMap(a.destinations) ? a.destinations : {}))
        if (isMap(d) && typeof d.objectKey === 'string') published.add(d.objectKey);
  }
  for (const f of s.files.values()) {
    if (f.kind === 'cfn-template' && isMap(f.doc) && isMap(f.doc.Resources)) {
      const resources = Object.entries(f.doc.Resources).filter(([, r]) => isMap(r)) as Array<
        [string, Record<string, unknown>]
      >;
      for (const [id, r] of resources) {
        if (r.Type !== 'AWS::Lambda::Function') continue;
        const code = isMap(r.Properties) && isMap(r.Properties.Code) ? r.Properties.Code : {};
        if (code.S3Key !== undefined && !(typeof code.S3Key === 'string' && published.has(code.S3Key)))
          problem(
            f.rel,
            id,
            'Properties.Code.S3Key',
            `the function runs ${JSON.stringify(code.S3Key)}, which no asset of this synthesis publishes: code nobody reviewed`,
            code.S3Key,
          );
      }
      if (
        !f.unlisted &&
        resources.length > 0 &&
        !resources.some(([, r]) => isMap(r.Metadata) && typeof r.Metadata[ATTRIBUTION.cfnAgent] === 'string')
      )
        out.push({
          class: 'unverified',
          file: f.rel,
          resource: f.rel,
          type: 'stack',
          path: '',
          why: 'no resource of this stack is attributed to an agent: what it deploys is outside every posture the report reads',
        });
    }
    if (f.kind === 'tf-document' && !f.unlisted && isMap(f.doc)) {
      const resources = Object.values(isMap(f.doc.resource) ? f.doc.resource : {}).flatMap((byName) =>
        Object.values(isMap(byName) ? byName : {}),
      );
      const attributed = resources.some(
        (r) =>
          isMap(r) &&
          isMap(r['//']) &&
          (typeof r['//'].convoguard_agent === 'string' || r['//'].convoguard_shared !== undefined),
      );
      if (resources.length > 0 && !attributed)
        out.push({
          class: 'unverified',
          file: f.rel,
          resource: f.rel,
          type: 'stack',
          path: '',
          why: 'no resource of this stack is attributed to an agent or to a project: what it deploys is outside every posture the report reads',
        });
    }
  }
  const tf = s.files.get('cdktf.out/manifest.json');
  if (tf && isMap(tf.doc) && isMap(tf.doc.stacks)) {
    for (const [name, st] of Object.entries(tf.doc.stacks)) {
      const v = isMap(st) ? st : {};
      const doc = `stacks/${name}/cdk.tf.json`;
      if (v.synthesizedStackPath !== doc)
        problem(
          tf.rel,
          `stacks.${name}`,
          'synthesizedStackPath',
          `stack ${name} deploys ${JSON.stringify(v.synthesizedStackPath)}, not ${doc} (the document this review reads)`,
          v.synthesizedStackPath,
        );
      else if (!s.files.has(`cdktf.out/${doc}`))
        problem(
          tf.rel,
          `stacks.${name}`,
          'synthesizedStackPath',
          `stack ${name} deploys ${doc}, which is not in the synthesis`,
        );
      if (v.workingDirectory !== `stacks/${name}`)
        problem(
          tf.rel,
          `stacks.${name}`,
          'workingDirectory',
          `stack ${name} deploys from ${JSON.stringify(v.workingDirectory)}, not stacks/${name}`,
          v.workingDirectory,
        );
    }
  }
  return out;
}
