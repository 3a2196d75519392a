/**
 * The per-store CloudFormation readers (lib/report/read/cfn), each on a small template written by hand: one that
 * protects and one that does not.
 */
import { audioReaders } from '../../../lib/report/read/cfn/bucket';
import { readKey } from '../../../lib/report/read/cfn/keys';
import { groupStore } from '../../../lib/report/read/cfn/log-group';
import { indexTemplate, Resource } from '../../../lib/report/read/cfn/template';

const DAY = 86_400;
const KEY: Resource = {
  Type: 'AWS::KMS::Key',
  DeletionPolicy: 'Retain',
  Properties: {
    EnableKeyRotation: true,
    RotationPeriodInDays: 90,
    KeyPolicy: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/PrivacyOfficer' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
        },
      ],
    },
  },
};

describe('keys', () => {
  test('a deny to everyone but a list: the named decrypter only, and S3 decrypting for its readers', () => {
    expect(readKey('Key', KEY)).toMatchObject({
      rotationDays: 90,
      deletionProtected: true,
      decrypters: ['arn:aws:iam::111122223333:role/PrivacyOfficer'],
      accountAdmins: false,
      throughServices: ['s3'],
    });
  });

  test('kms:* for the account root and no deny: every administrator can decrypt; no rotation, no retain', () => {
    const open: Resource = {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Statement: [
            { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          ],
        },
      },
    };
    expect(readKey('Key', open, '111122223333')).toMatchObject({
      rotationDays: undefined,
      deletionProtected: false,
      decrypters: [],
      accountAdmins: true,
    });
  });
});

describe('audio bucket readers', () => {
  const bucketPolicy = (condition: unknown): Resource => ({
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: { Ref: 'Audio' },
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Audio', 'Arn'] }, '/*']] }],
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      },
    },
  });
  const readersOf = (resources: Record<string, Resource>) =>
    audioReaders(
      indexTemplate({ Resources: { Audio: { Type: 'AWS::S3::Bucket' }, ...resources } }),
      'Audio',
      readKey('Key', KEY),
    ).map((r) => r.who);

  test('a read deny that exempts named principals: those, and whoever may rewrite the policy', () => {
    expect(
      readersOf({
        P: bucketPolicy({ ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/PrivacyOfficer'] } }),
      }),
    ).toEqual([
      'arn:aws:iam::111122223333:role/PrivacyOfficer',
      'principals that can change the bucket policy (s3:PutBucketPolicy, s3:DeleteBucketPolicy)',
    ]);
  });

  test('no policy, two policies, or a deny with another condition: whoever has s3:GetObject and kms:Decrypt', () => {
    const open = [
      'arn:aws:iam::111122223333:role/PrivacyOfficer',
      'key administrators',
      'IAM principals with s3:GetObject and kms:Decrypt in the account',
    ];
    expect(readersOf({})).toEqual(open);
    expect(readersOf({ P: bucketPolicy(undefined), Q: bucketPolicy(undefined) })).toEqual(open);
    expect(readersOf({ P: bucketPolicy({ Bool: { 'aws:SecureTransport': 'false' } }) })).toEqual(open);
  });
});

describe('conversation log group', () => {
  const group = (props: Record<string, unknown>) =>
    groupStore(
      { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/lex/x', ...props } } },
      'Logs',
      { Ref: 'Logs' },
      'logs',
    );

  test('masked, a day, under a key: only logs:Unmask shows values, with CloudWatch lag', () => {
    const s = group({
      RetentionInDays: 1,
      KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
      DataProtectionPolicy: { Statement: [] },
    });
    expect(s.retention.configuredSeconds).toBe(DAY);
    expect(s.retention.lag.seconds).toBe(3 * DAY);
    expect(s.encryption).toEqual({ kind: 'customer', key: 'Key' });
    expect(s.redactedBy).toEqual(['CloudWatch Logs data protection (masks with *)']);
    expect(s.readers.map((r) => r.who)).toEqual(['any principal with logs:Unmask on the log group']);
  });

  test('no policy and a retention the reader cannot resolve: raw for every log reader, kept without limit', () => {
    const s = group({ RetentionInDays: { Ref: 'Days' } });
    expect(s.retention.configuredSeconds).toBeUndefined();
    expect(s.redactedBy).toEqual([]);
    expect(s.encryption).toEqual({ kind: 'provider' });
    expect(s.readers.map((r) => r.who)).toEqual([
      'any principal with logs:GetLogEvents, FilterLogEvents or StartQuery on the log group',
    ]);
  });
});
