/**
 * A platform team's own stack: a key imported by ARN, a bucket imported by name and a log group of its own, given
 * to LexBotProtection; a role granted decrypt on the key with CDK's returned iam.Grant. The report must still list
 * every store and name the role, and say what it cannot read instead of counting it as protected.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LexBotProtection } from '../../lib/aws';
import { findingsOf } from '../../lib/report';
import { readCloudFormation } from '../../lib/report/read-cloudformation';

test('imported key and bucket, your own log group, a role granted decrypt: every store listed, the role named, what is not read said', () => {
  const app = new App();
  const stack = new Stack(app, 'mine', { env: { account: '111122223333', region: 'us-east-1' } });
  const key = kms.Key.fromKeyArn(
    stack,
    'Key',
    'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555',
  );
  const bucket = s3.Bucket.fromBucketName(stack, 'Audio', 'my-lex-audio');
  const group = new logs.LogGroup(stack, 'Logs', { logGroupName: '/my/lex', encryptionKey: key });
  new LexBotProtection(stack, 'bot', {
    key,
    logGroup: group,
    audioBucket: bucket,
    kinds: ['email'],
    create: { name: 'MyBot', locale: 'en_US', intents: [{ name: 'Pay', utterances: ['pay my bill'] }] },
  });
  const role = new iam.Role(stack, 'Analyst', { roleName: 'Analyst', assumedBy: new iam.AccountRootPrincipal() });
  const grant = key.grantDecrypt(role);
  expect(grant.success).toBe(true);

  const [a] = readCloudFormation(Template.fromStack(stack).toJSON() as never, 'mine.template.json', {
    account: '111122223333',
  });
  expect(a.stores.map((s) => [s.kind, s.resource])).toEqual([
    ['conversation-logs', expect.stringMatching(/^Logs/)],
    ['audio', 'arn:${AWS::Partition}:s3:::my-lex-audio'],
  ]);
  // The imported bucket's lifecycle is not in the template: no limit the report can see.
  expect(a.stores[1].retention.configuredSeconds).toBeUndefined();
  expect(a.unverified?.map((u) => u.what)).toEqual([
    'audio logs go to arn:${AWS::Partition}:s3:::my-lex-audio, a bucket this template does not define: its lifecycle, public access block and bucket policy are not read',
    expect.stringMatching(/^AWS::IAM::Policy AnalystDefaultPolicy[0-9A-F]+ allows kms:Decrypt to role Analyst$/),
  ]);
  const rules = findingsOf(a).map((f) => `${f.rule} ${f.severity}`);
  expect(rules).toEqual(expect.arrayContaining(['CG-STORE-RETENTION high', 'CG-UNVERIFIED high']));
});
