import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformFile } from '../../../server/src/engine/host/hclSyntax';
import { templateSequences } from '../../../server/src/engine/host/terraform';
import type { HostNode } from '../../../server/src/engine/host/tree';
import { plainValue, propertyValueOf } from '../../../server/src/engine/host/tree';
import { HclParser } from '../../../server/src/engine/syntax/treeSitter';
import { readTreeSitterWasm } from '../../../server/src/node/treeSitterFiles';

export const testParser = new HclParser(readTreeSitterWasm);
export const terraformCorpus = path.join(__dirname, '..', '..', '..', '..', 'test', 'corpus', 'terraform');

function read(text: string) {
	const r = readTerraformFile(testParser, text);
	assert.ok(r, testParser.error);
	return r.read;
}

function at(text: string, n: { offset: number; length: number }): string {
	return text.slice(n.offset, n.offset + n.length);
}

function policy(text: string, name: string) {
	const p = read(text).policies.find((x) => x.name === name);
	assert.ok(p, `no policy ${name}`);
	return p;
}

/** The first statement's value of `key`. */
function firstStatement(root: HostNode): HostNode {
	const list = propertyValueOf(root, 'Statement');
	assert.ok(list);
	return list.type === 'array' ? list.children![0] : list;
}

suite('Terraform: policies and roles read from HCL', () => {
	suiteSetup(async () => {
		await testParser.load();
	});

	test('jsonencode: the HCL object is the policy, every string at its exact range', () => {
		const text = [
			'resource "aws_iam_policy" "restore" {',
			'  policy = jsonencode({',
			'    Version = "2012-10-17"',
			'    Statement = [{',
			'      Effect   = "Allow"',
			'      "Action" = ["dynamodb:RestoreTableFromBackup", var.extra_action]',
			'      Resource = "*"',
			'    }]',
			'  })',
			'}',
		].join('\n');
		const p = policy(text, 'aws_iam_policy.restore');
		assert.strictEqual(p.use, 'identity');
		assert.strictEqual(at(text, p.anchor), '"restore"');
		assert.deepStrictEqual(plainValue(p.root), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:RestoreTableFromBackup', 'var.extra_action'], Resource: '*' }] });
		const actions = propertyValueOf(firstStatement(p.root), 'Action')!;
		assert.strictEqual(at(text, actions.children![0]), '"dynamodb:RestoreTableFromBackup"');
		// A deploy-time value is its own kind, never a string (so never "*", never an unknown action).
		assert.strictEqual(actions.children![1].type, 'unknown');
		assert.strictEqual(actions.children![1].deployTime, 'var.extra_action');
	});

	test('heredoc JSON: positions inside the heredoc, interpolated values are deploy-time', () => {
		const text = 'resource "aws_iam_role_policy" "p" {\n  role = aws_iam_role.r.id\n  policy = <<-EOF\n    {\n      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${aws_s3_bucket.b.arn}/*"}]\n    }\n  EOF\n}\n';
		const p = policy(text, 'aws_iam_role_policy.p');
		assert.strictEqual(p.syntax, 'json');
		const st = firstStatement(p.root);
		assert.strictEqual(at(text, propertyValueOf(st, 'Action')!), '"s3:GetObject"');
		const resource = propertyValueOf(st, 'Resource')!;
		assert.strictEqual(resource.type, 'unknown');
		assert.strictEqual(resource.deployTime, '"${aws_s3_bucket.b.arn}/*"');
	});

	test('a bare interpolation in place of a JSON value is a deploy-time value, the rest still reads', () => {
		const text = 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}]}\nEOF\n}\n';
		const st = firstStatement(policy(text, 'aws_iam_policy.p').root);
		assert.strictEqual(propertyValueOf(st, 'Action')!.type, 'unknown');
		assert.strictEqual(propertyValueOf(st, 'Resource')!.value, '*');
	});

	test('aws_iam_policy_document: statements in the JSON shape, Effect defaulting to Allow, principals and conditions', () => {
		const text = [
			'data "aws_iam_policy_document" "trust" {',
			'  statement {',
			'    actions = ["sts:AssumeRole"]',
			'    principals {',
			'      type        = "Service"',
			'      identifiers = ["backup.amazonaws.com"]',
			'    }',
			'    principals {',
			'      type        = "Service"',
			'      identifiers = ["ec2.amazonaws.com"]',
			'    }',
			'    condition {',
			'      test     = "StringEquals"',
			'      variable = "aws:SourceAccount"',
			'      values   = [var.account_id]',
			'    }',
			'  }',
			'  statement {',
			'    sid         = "NoDelete"',
			'    effect      = "Deny"',
			'    not_actions = ["s3:Get*"]',
			'    resources   = ["*"]',
			'  }',
			'}',
		].join('\n');
		const p = policy(text, 'data.aws_iam_policy_document.trust');
		assert.deepStrictEqual(plainValue(p.root), {
			Version: '2012-10-17',
			Statement: [
				{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['backup.amazonaws.com', 'ec2.amazonaws.com'] }, Condition: { StringEquals: { 'aws:SourceAccount': ['var.account_id'] } } },
				{ Sid: 'NoDelete', Effect: 'Deny', NotAction: ['s3:Get*'], Resource: ['*'] },
			],
		});
		const deny = propertyValueOf(p.root, 'Statement')!.children![1];
		assert.strictEqual(at(text, propertyValueOf(deny, 'NotAction')!.children![0]), '"s3:Get*"');
		assert.strictEqual(at(text, propertyValueOf(deny, 'Effect')!), '"Deny"');
	});

	test('source_policy_documents come first, own statements replace same-Sid ones, override_policy_documents replace last', () => {
		const text = [
			'data "aws_iam_policy_document" "base" {',
			'  statement {',
			'    sid = "A"',
			'    actions = ["s3:GetObject"]',
			'  }',
			'  statement {',
			'    sid = "B"',
			'    actions = ["s3:PutObject"]',
			'  }',
			'}',
			'data "aws_iam_policy_document" "over" {',
			'  statement {',
			'    sid = "B"',
			'    actions = ["s3:DeleteObject"]',
			'  }',
			'}',
			'data "aws_iam_policy_document" "merged" {',
			'  source_policy_documents   = [data.aws_iam_policy_document.base.json]',
			'  override_policy_documents = [data.aws_iam_policy_document.over.json]',
			'  statement {',
			'    sid = "A"',
			'    actions = ["s3:ListBucket"]',
			'  }',
			'  statement {',
			'    actions = ["s3:GetBucketLocation"]',
			'  }',
			'}',
			'resource "aws_iam_policy" "p" {',
			'  policy = data.aws_iam_policy_document.merged.json',
			'}',
		].join('\n');
		const r = read(text);
		// Documents used by a resource (directly or merged into one) are reported through it, not again on their own.
		assert.deepStrictEqual(r.policies.map((p) => p.name), ['aws_iam_policy.p']);
		const sids = (propertyValueOf(r.policies[0].root, 'Statement')!.children ?? []).map((s) => plainValue(s));
		assert.deepStrictEqual(sids, [
			{ Effect: 'Allow', Sid: 'A', Action: ['s3:ListBucket'] },
			{ Effect: 'Allow', Sid: 'B', Action: ['s3:DeleteObject'] },
			{ Effect: 'Allow', Action: ['s3:GetBucketLocation'] },
		]);
	});

	test('a role: trust, inline policies, managed ARNs, attached policies of the file, boundary, annotation', () => {
		const text = [
			'# iam-restore-lint: aws-dynamodb-aws-backup-restore, veeam-aws-dynamodb-restore',
			'resource "aws_iam_role" "restore" {',
			'  name               = "restore-role"',
			'  assume_role_policy = data.aws_iam_policy_document.trust.json',
			'  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores", var.extra_arn]',
			'  permissions_boundary = aws_iam_policy.boundary.arn',
			'  inline_policy {',
			'    name   = "tables"',
			'    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = "*" }] })',
			'  }',
			'}',
			'data "aws_iam_policy_document" "trust" {',
			'  statement {',
			'    actions = ["sts:AssumeRole"]',
			'    principals {',
			'      type        = "Service"',
			'      identifiers = ["backup.amazonaws.com"]',
			'    }',
			'  }',
			'}',
			'resource "aws_iam_policy" "extra" {',
			'  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["dynamodb:Scan"], Resource = "*" }] })',
			'}',
			'resource "aws_iam_policy" "boundary" {',
			'  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }] })',
			'}',
			'resource "aws_iam_role_policy_attachment" "extra" {',
			'  role       = aws_iam_role.restore.name',
			'  policy_arn = aws_iam_policy.extra.arn',
			'}',
			'resource "aws_iam_policy_attachment" "by_name" {',
			'  name       = "x"',
			'  roles      = ["restore-role"]',
			'  policy_arn = "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"',
			'}',
		].join('\n');
		const r = read(text);
		assert.strictEqual(r.roles.length, 1);
		const role = r.roles[0];
		assert.strictEqual(role.name, 'aws_iam_role.restore');
		assert.strictEqual(at(text, role.anchor), '"restore"');
		assert.strictEqual(role.trust, 'aws_iam_role.restore/assume_role_policy');
		assert.deepStrictEqual(role.policies, ['aws_iam_role.restore/inline_policy/tables', 'aws_iam_policy.extra']);
		assert.strictEqual(role.boundary, 'aws_iam_policy.boundary');
		assert.deepStrictEqual(role.managedPolicyArns.map((m) => m.arn), ['arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores', 'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']);
		assert.deepStrictEqual(role.unresolved.map((u) => u.text), ['var.extra_arn']);
		assert.deepStrictEqual(role.annotation?.scenarios, ['aws-dynamodb-aws-backup-restore', 'veeam-aws-dynamodb-restore']);
		assert.strictEqual(at(text, role.annotation!.span), '# iam-restore-lint: aws-dynamodb-aws-backup-restore, veeam-aws-dynamodb-restore');
		const trust = r.policies.find((p) => p.name === role.trust)!;
		assert.strictEqual(trust.use, 'trust');
		assert.deepStrictEqual(plainValue(propertyValueOf(firstStatement(trust.root), 'Principal')), { Service: ['backup.amazonaws.com'] });
	});

	test('a whole document known only at deploy time is one unknown value; file() is left to the module reader', () => {
		const text = 'resource "aws_iam_policy" "a" {\n  policy = var.policy_json\n}\nresource "aws_iam_policy" "b" {\n  policy = file("restore.json")\n}\n';
		const r = read(text);
		assert.deepStrictEqual(r.policies.map((p) => [p.name, p.root.type, p.root.deployTime]), [
			['aws_iam_policy.a', 'unknown', 'var.policy_json'],
			['aws_iam_policy.b', 'unknown', 'file("restore.json")'],
		]);
		assert.deepStrictEqual(r.files.map((f) => [f.policy, f.path]), [['aws_iam_policy.b', 'restore.json']]);
	});

	test('count/for_each modules: join("", x[*].json) and x[0].json resolve to the document', () => {
		const text = fs.readFileSync(path.join(terraformCorpus, 'cloudposse-terraform-aws-backup', 'main.tf'), 'utf8');
		const r = read(text);
		const role = r.roles.find((x) => x.name === 'aws_iam_role.default')!;
		const trust = r.policies.find((p) => p.name === role.trust)!;
		assert.deepStrictEqual(plainValue(propertyValueOf(firstStatement(trust.root), 'Principal')), { Service: ['backup.amazonaws.com'] });
	});
});

suite('Terraform corpus: what each real file holds', () => {
	suiteSetup(async () => {
		await testParser.load();
	});

	const corpusFile = (f: string) => read(fs.readFileSync(path.join(terraformCorpus, f), 'utf8'));

	test('VeeamHub deploy_vbaws: the default role trusts backup.amazonaws.com and attaches ten policies read from JSON files', () => {
		const r = corpusFile('veeamhub-deploy-vbaws/main.tf');
		const role = r.roles.find((x) => x.name === 'aws_iam_role.veeam_aws_default_role')!;
		assert.strictEqual(role.policies.length, 10);
		assert.ok(role.policies.includes('aws_iam_policy.veeam_aws_ec2_restore_policy'));
		assert.ok(r.files.some((f) => f.policy === 'aws_iam_policy.veeam_aws_ec2_restore_policy' && f.path === 'veeam-aws-ec2-restore-policy.json'));
		const trust = r.policies.find((p) => p.name === role.trust)!;
		const principal = plainValue(propertyValueOf(firstStatement(trust.root), 'Principal')) as Record<string, unknown>;
		assert.deepStrictEqual(principal.Service, ['backup.amazonaws.com']);
		assert.deepStrictEqual(principal.AWS, ['aws_iam_role.veeam_aws_instance_role.arn']);
	});

	test('lgallard: managed policies attached with for_each over a map are unresolved, and said so', () => {
		const r = corpusFile('lgallard-terraform-aws-backup/iam.tf');
		const role = r.roles.find((x) => x.name === 'aws_iam_role.ab_role')!;
		assert.deepStrictEqual(role.unresolved.map((u) => u.text), ['each.value']);
		assert.deepStrictEqual(role.policies, ['aws_iam_policy.ab_tag_policy']);
	});

	test('Clumio DynamoDB: the restore policy documents keep their interpolated ARNs as deploy-time values', () => {
		const r = corpusFile('clumio-terraform-aws-template/dynamodb.tf');
		const p = r.policies.find((x) => x.name === 'aws_iam_policy.clumio_dynamodb_restore_policy')!;
		const statements = propertyValueOf(p.root, 'Statement')!.children!;
		const restore = statements.find((s) => JSON.stringify(plainValue(s)).includes('dynamodb:RestoreTableFromBackup'))!;
		const resources = propertyValueOf(restore, 'Resource')!;
		assert.ok(resources.children!.every((c) => c.type === 'unknown'));
	});
});

suite('templatefile: the template sequences of a policy file', () => {
	test('${…} and %{…} with nested braces and quoted braces; $${ and %%{ are escapes; an unclosed one runs to the end', () => {
		const text = '{"Resource": "${var.arn}/*", "Sid": "$${literal} %%{x}", "X": "${merge({a = "}"}, {})}", "Y": "%{ if x }y%{ endif }", "Z": "${tail';
		const seen = templateSequences(text).map((s) => text.slice(s.offset, s.offset + s.length));
		assert.deepStrictEqual(seen, ['${var.arn}', '${merge({a = "}"}, {})}', '%{ if x }', '%{ endif }', '${tail']);
	});
});
