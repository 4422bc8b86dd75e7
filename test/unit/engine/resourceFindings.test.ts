import * as assert from 'assert';
import { ParseError, parseTree } from 'jsonc-parser';
import { fixAll, getFixes } from '../../../server/src/engine';
import { applyTextEdits } from '../../../server/src/engine/edits';
import { catalogChecker } from '../../support/catalog';
import { cpuRatio } from '../../support/timing';
import { spanText } from '../../support/fixtures';

/**
 * resource-type-mismatch: a Resource none of whose patterns names a resource of a type the action
 * acts on grants the action nowhere (Service Authorization Reference, resource types of
 * s3:ListBucket: bucket and accesspoint, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html),
 * with a quick fix that adds the resource derived from the pattern.
 */

const analyze = (text: string) => catalogChecker.analyze(text);
const mismatches = (text: string) => analyze(text).findings.filter((f) => f.code === 'resource-type-mismatch');

function parses(text: string): boolean {
	const errors: ParseError[] = [];
	parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
	return errors.length === 0;
}

const LIST_BUCKET_ON_OBJECTS = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetObject"],
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}
`;

suite('resource-type mismatch: finding and quick fix', () => {
	test('s3:ListBucket on bucket/*: a warning at the Resource value that says why, and what to add', () => {
		const a = analyze(LIST_BUCKET_ON_OBJECTS);
		const f = a.findings.filter((x) => x.code === 'resource-type-mismatch');
		assert.strictEqual(f.length, 1);
		assert.strictEqual(f[0].severity, 'warning');
		assert.strictEqual(spanText(a, f[0]), '"arn:aws:s3:::b/*"');
		assert.match(f[0].message, /^s3:ListBucket acts on .*bucket \(arn:aws:s3:::\$\{BucketName\}\).*; "arn:aws:s3:::b\/\*" names only object resources, so statement "Read" grants it nowhere\. Add "arn:aws:s3:::b"\.$/);
		assert.deepStrictEqual(f[0].data, { statement: 0, actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'] });
		assert.ok(f[0].message.length < 2000);
	});

	test('the quick fix adds the bucket beside its objects; the file parses, the finding is gone, nothing is offered twice', () => {
		const a = analyze(LIST_BUCKET_ON_OBJECTS);
		const finding = a.findings.find((x) => x.code === 'resource-type-mismatch')!;
		const fixes = getFixes(a, finding);
		assert.strictEqual(fixes.length, 1);
		assert.strictEqual(fixes[0].title, 'Add "arn:aws:s3:::b" to the Resource of statement "Read" (for s3:ListBucket)');
		assert.strictEqual(fixes[0].fixAll, false);
		const after = applyTextEdits(LIST_BUCKET_ON_OBJECTS, fixes[0].edits);
		assert.ok(parses(after));
		assert.deepStrictEqual(JSON.parse(after).Statement[0].Resource, ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
		// Everything else of the text is kept.
		assert.strictEqual(after.replace(/"Resource": \[[^\]]*\]/, ''), LIST_BUCKET_ON_OBJECTS.replace(/"Resource": "[^"]*"/, ''));
		assert.deepStrictEqual(mismatches(after), []);
	});

	test('into an array: the derived resource is inserted among the others', () => {
		const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::logs/*", "arn:aws:s3:::data/*"]}]}';
		const a = analyze(text);
		const finding = a.findings.find((x) => x.code === 'resource-type-mismatch')!;
		const after = applyTextEdits(text, getFixes(a, finding)[0].edits);
		assert.deepStrictEqual(JSON.parse(after).Statement[0].Resource, ['arn:aws:s3:::logs/*', 'arn:aws:s3:::data/*', 'arn:aws:s3:::logs']);
	});

	test('no finding where a pattern names the action\'s type, for wildcards, NotResource, or actions without a resource type', () => {
		const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
		assert.deepStrictEqual(mismatches(policy({ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })), []);
		assert.deepStrictEqual(mismatches(policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' })), []);
		assert.deepStrictEqual(mismatches(policy({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3:::b/*' })), []);
		assert.deepStrictEqual(mismatches(policy({ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: 'arn:aws:ec2:*:*:instance/*' })), []);
		assert.deepStrictEqual(mismatches(policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })), []);
	});

	test('a Deny is told it denies nothing; several actions are named once, in one finding', () => {
		const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['kms:Decrypt', 'kms:Encrypt', 'dynamodb:PutItem'], Resource: 'arn:aws:s3:::*' }] });
		const f = mismatches(text);
		assert.strictEqual(f.length, 1);
		assert.deepStrictEqual(f[0].data?.actions, ['kms:Decrypt', 'kms:Encrypt', 'dynamodb:PutItem']);
		assert.match(f[0].message, /denies them nowhere/);
	});

	test('fix-all puts missing bucket actions where a bucket is reached, not beside the objects: satisfied in one run', () => {
		const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["s3:GetObject"],\n      "Resource": "arn:aws:s3:::b/*"\n    }\n  ]\n}\n';
		const options = { scenarios: ['aws-backup-s3-restore-managed'] };
		const fixed = fixAll(catalogChecker, text, options).text;
		const after = catalogChecker.analyze(fixed, options);
		assert.strictEqual(after.scenarios[0].satisfied, true);
		// The object statement received only object actions.
		const objects = JSON.parse(fixed).Statement[0].Action as string[];
		assert.ok(!objects.includes('s3:ListBucket') && objects.includes('s3:PutObject'), objects.join());
		assert.strictEqual(fixAll(catalogChecker, fixed, options).text, fixed);
	});

	// Fuzzer find (seed 20261125, case 73): a 40 KB Resource made the suggestion search cubic.
	test('a Resource far longer than any ARN is judged quickly', () => {
		const policy = (repeats: number) => {
			const long = 'arn:aws:s3:::' + 'x/'.repeat(repeats);
			return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 's3:ListBucket'], Resource: [long, long + 'y'] }] });
		};
		const [small, large] = [policy(2000), policy(20000)];
		// Ten times longer, about ten times the CPU; it was cubic (a thousand times).
		const { ratio, summary } = cpuRatio(() => catalogChecker.analyze(large), () => catalogChecker.analyze(small));
		assert.ok(ratio < 30, summary);
	});
});

suite('resource-type mismatch with values known only at deploy time', () => {
	const template = (resources: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReadPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["s3:ListBucket"]
            Resource: ${resources}
`;
	const findings = (resources: string) => catalogChecker.analyze(template(resources), { syntax: 'yaml' }).findings.filter((f) => f.code === 'resource-type-mismatch');

	test('a deploy-time value beside a mismatched pattern is unknown, not skipped and not "*": the finding says it depends on it', () => {
		// Before, the whole statement was skipped: arn:aws:s3:::b/* names no bucket, and nothing was said.
		const [f, ...rest] = findings('["arn:aws:s3:::b/*", !GetAtt Bucket.Arn]');
		assert.deepStrictEqual(rest, []);
		assert.strictEqual(f.severity, 'information', 'the deploy-time value may name a bucket: no warning');
		assert.match(f.message, /s3:ListBucket acts on .*bucket \(arn:aws:s3:::\$\{BucketName\}\)/);
		assert.match(f.message, /only if "!GetAtt Bucket\.Arn" \(known only at deploy time\) names one of those types/);
		assert.deepStrictEqual(f.data?.deployTime, ['!GetAtt Bucket.Arn']);
		// The suggestion is derived from the pattern written out, never from the unknown value.
		assert.deepStrictEqual(f.data?.resources, ['arn:aws:s3:::b']);
	});

	test('without a deploy-time value the same statement is a warning; with only deploy-time values there is nothing to judge', () => {
		assert.strictEqual(findings('["arn:aws:s3:::b/*"]')[0].severity, 'warning');
		assert.deepStrictEqual(findings('[!GetAtt Bucket.Arn]'), []);
		assert.deepStrictEqual(findings('!Sub "arn:aws:s3:::${Bucket}/*"'), []);
	});

	test('a deploy-time value never stands for "*": a matching pattern beside it is judged as written', () => {
		assert.deepStrictEqual(findings('["arn:aws:s3:::b", !GetAtt Bucket.Arn]'), []);
	});
});
