import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits } from '../../../server/src/engine/edits';
import { HclEditor, hclQuote } from '../../../server/src/engine/host/hclEditor';
import { hclSyntax, readTerraformFile } from '../../../server/src/engine/host/hclSyntax';
import type { HostNode } from '../../../server/src/engine/host/tree';
import { plainValue, propertyValueOf, walk } from '../../../server/src/engine/host/tree';
import { prng } from '../../support/random';
import { terraformCorpus, testParser } from './terraform.test';

const syntax = hclSyntax(testParser);

function read(text: string) {
	const r = readTerraformFile(testParser, text);
	assert.ok(r, testParser.error);
	return r.read;
}

function firstList(text: string, policyName: string, key = 'Action'): HostNode {
	const p = read(text).policies.find((x) => x.name === policyName)!;
	const statements = propertyValueOf(p.root, 'Statement')!;
	const st = statements.type === 'array' ? statements.children![0] : statements;
	return propertyValueOf(st, key)!;
}

function edit(text: string, f: (e: HclEditor) => { offset: number; length: number; newText: string }[] | undefined): string {
	const edits = f(new HclEditor(text));
	assert.ok(edits && edits.length > 0, 'no edit');
	const out = applyTextEdits(text, edits);
	assert.strictEqual(syntax.errorCount(out), 0, `the edit broke the file:\n${out}`);
	return out;
}

const DOC = (actions: string) => `data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ${actions}\n    resources = ["*"]\n  }\n}\n`;

suite('HCL edit module', () => {
	suiteSetup(async () => {
		await testParser.load();
	});

	test('strings are written as HCL strings: ${ and %{ stay literal', () => {
		assert.strictEqual(hclQuote('a"b\\c ${x} %{y}'), '"a\\"b\\\\c $${x} %%{y}"');
	});

	test('a multi-line list with a trailing comma gets one item per line, trailing comma kept', () => {
		const text = DOC('[\n      "s3:GetObject",\n      "s3:PutObject",\n    ]');
		const out = edit(text, (e) => e.insertListItems(firstList(text, 'data.aws_iam_policy_document.d'), 2, ['s3:ListBucket', 's3:DeleteObject']));
		assert.strictEqual(out, DOC('[\n      "s3:GetObject",\n      "s3:PutObject",\n      "s3:ListBucket",\n      "s3:DeleteObject",\n    ]'));
	});

	test('a one-line list stays on one line; an item inserted first keeps the separator', () => {
		const text = DOC('["s3:GetObject", "s3:PutObject"]');
		assert.strictEqual(edit(text, (e) => e.insertListItems(firstList(text, 'data.aws_iam_policy_document.d'), 2, ['s3:ListBucket'])), DOC('["s3:GetObject", "s3:PutObject", "s3:ListBucket"]'));
		assert.strictEqual(edit(text, (e) => e.insertListItems(firstList(text, 'data.aws_iam_policy_document.d'), 0, ['s3:ListBucket'])), DOC('["s3:ListBucket", "s3:GetObject", "s3:PutObject"]'));
	});

	test('a one-item multi-line list and an empty list', () => {
		const one = DOC('[\n      "s3:GetObject"\n    ]');
		assert.strictEqual(edit(one, (e) => e.insertListItems(firstList(one, 'data.aws_iam_policy_document.d'), 1, ['s3:ListBucket'])), DOC('[\n      "s3:GetObject",\n      "s3:ListBucket"\n    ]'));
		const empty = DOC('[]');
		assert.strictEqual(edit(empty, (e) => e.insertListItems(firstList(empty, 'data.aws_iam_policy_document.d'), 0, ['s3:ListBucket'])), DOC('["s3:ListBucket"]'));
	});

	test('a comment between items is never copied as a separator', () => {
		const text = DOC('[\n      "s3:GetObject", # read\n      "s3:PutObject",\n    ]');
		const out = edit(text, (e) => e.insertListItems(firstList(text, 'data.aws_iam_policy_document.d'), 2, ['s3:ListBucket']));
		assert.strictEqual(out.match(/# read/g)?.length, 1);
		assert.ok(out.includes('"s3:PutObject",\n      "s3:ListBucket",\n    ]'), out);
	});

	test('jsonencode: a single action becomes a list, the original text kept', () => {
		const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]\n  })\n}\n';
		const node = firstList(text, 'aws_iam_policy.p');
		const out = edit(text, (e) => e.scalarToList(node, ['s3:GetObject', 's3:ListBucket'], 0));
		assert.ok(out.includes('Action = ["s3:GetObject", "s3:ListBucket"]'), out);
	});

	test('jsonencode: a new statement object in the Statement list, with the keys written as the file writes them', () => {
		const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    "Statement" : [\n      {\n        "Effect" : "Allow",\n        "Action" : ["s3:GetObject"],\n        "Resource" : "*"\n      }\n    ]\n  })\n}\n';
		const list = propertyValueOf(read(text).policies[0].root, 'Statement')!;
		const out = edit(text, (e) => e.insertListItems(list, 1, [{ Sid: 'Restore', Effect: 'Allow', Action: ['dynamodb:RestoreTableFromAwsBackup'], Resource: '*' }]));
		const after = read(out).policies[0];
		assert.deepStrictEqual((plainValue(after.root) as { Statement: unknown[] }).Statement[1], { Sid: 'Restore', Effect: 'Allow', Action: ['dynamodb:RestoreTableFromAwsBackup'], Resource: '*' });
		assert.ok(out.includes('"Sid" = "Restore"'), out);
	});

	test('aws_iam_policy_document: new statements are statement blocks, principals and conditions as nested blocks', () => {
		const text = DOC('["s3:GetObject"]');
		const root = read(text).policies[0].root;
		const out = edit(text, (e) => e.addStatements!(root, undefined, [{ Sid: 'Trust', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'backup.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }]));
		const after = plainValue(read(out).policies[0].root) as { Statement: unknown[] };
		assert.deepStrictEqual(after.Statement[1], { Sid: 'Trust', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['backup.amazonaws.com'] }, Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } } });
	});

	test('a key or value re-cased in place', () => {
		const text = DOC('["S3:getobject"]');
		const node = firstList(text, 'data.aws_iam_policy_document.d').children![0];
		assert.strictEqual(edit(text, (e) => e.replaceString(node, 's3:GetObject')), DOC('["s3:GetObject"]'));
	});

	test('removing items takes one separator with each and never a comment', () => {
		const text = DOC('[\n      "s3:GetObject",\n      "s3:GetObject",\n      "s3:PutObject",\n    ]');
		const list = firstList(text, 'data.aws_iam_policy_document.d');
		assert.strictEqual(edit(text, (e) => e.removeListItems(list, [1])), DOC('[\n      "s3:GetObject",\n      "s3:PutObject",\n    ]'));
		const commented = DOC('[\n      "s3:GetObject", # keep me\n      "s3:PutObject",\n    ]');
		assert.strictEqual(new HclEditor(commented).removeListItems(firstList(commented, 'data.aws_iam_policy_document.d'), [0]), undefined);
	});
});

suite('HCL edit module: property test over the real Terraform corpus', () => {
	suiteSetup(async () => {
		await testParser.load();
	});

	// Lists of strings in the policies of every corpus file (all of them, or 12 picked by a seeded
	// PRNG in the big files) get an item at their start and at their end, every document gets a
	// statement: each result must parse with no error, and read back with the new value in it.
	const files = fs.readdirSync(terraformCorpus, { recursive: true }).map(String).filter((f) => f.endsWith('.tf'));
	for (const f of files) {
		test(f, () => {
			const text = fs.readFileSync(path.join(terraformCorpus, f), 'utf8');
			const editor = new HclEditor(text);
			let checked = 0;
			const random = prng(13);
			const policies = read(text).policies.filter((p) => p.syntax !== 'json');
			const lists = policies.flatMap((p) => [...walk(p.root)].filter((n) => n.type === 'array' && (n.children ?? []).every((c) => c.type === 'string')));
			const picked = lists.length <= 12 ? lists : lists.filter(() => random() < 12 / lists.length);
			for (const n of picked) {
				{
					for (const index of [0, n.children!.length]) {
						const edits = editor.insertListItems(n, index, ['iam:PassRole']);
						if (edits.length === 0) continue; // a merged list of several blocks is not written into
						const out = applyTextEdits(text, edits);
						assert.strictEqual(syntax.errorCount(out), 0, `${f}: list at ${n.offset}[${index}]`);
						assert.ok(JSON.stringify(read(out).policies.map((x) => plainValue(x.root))).includes('iam:PassRole'));
						checked++;
					}
				}
			}
			for (const p of policies.length <= 6 ? policies : policies.filter(() => random() < 6 / policies.length)) {
				const statements = editor.addStatements(p.root, undefined, [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]);
				if (statements) {
					assert.strictEqual(syntax.errorCount(applyTextEdits(text, statements)), 0, `${f}: ${p.name} statement`);
					checked++;
				}
			}
			if (read(text).policies.some((p) => p.syntax !== 'json' && p.root.type !== 'unknown')) assert.ok(checked > 0, 'nothing was checked');
		});
	}
});
