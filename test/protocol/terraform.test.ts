import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits } from '../../server/src/engine/edits';
import { hclSyntax } from '../../server/src/engine/host/hclSyntax';
import { HclParser } from '../../server/src/engine/syntax/treeSitter';
import { readTreeSitterWasm } from '../../server/src/node/treeSitterFiles';
import { repoRoot } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const FOLDER = 'file:///work/space';
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'terraform', name), 'utf8');

interface Range {
	start: { line: number; character: number };
	end: { line: number; character: number };
}

/** The text a range covers. */
function textAt(text: string, range: Range): string {
	const lines = text.split('\n');
	const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
	return text.slice(offset(range.start), offset(range.end));
}

function offsetOf(text: string, p: { line: number; character: number }): number {
	return text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

suite('language server (bundled, dist/server.js): Terraform files', () => {
	let client: TestLspClient;
	const parser = new HclParser(readTreeSitterWasm);

	suiteSetup(async () => {
		await parser.load();
		client = new TestLspClient();
		await client.initialize('push');
	});
	suiteTeardown(async () => {
		await client.stop();
	});

	test('a .tf file: squiggles at the exact ranges in the HCL, a quick fix written as HCL that leaves the file parsing and the role satisfied', async () => {
		const uri = `${FOLDER}/restore.tf`;
		const text = fixture('document-role.tf');
		client.settings = () => ({ scenarios: { '**/restore.tf': ['veeam-aws-dynamodb-restore'] } });
		client.open(uri, text, 'terraform');
		const diagnostics = await client.pushed(uri, 30000);
		const missing = diagnostics.find((d) => d.code === 'scenario-missing')!;
		assert.ok(missing, JSON.stringify(diagnostics.map((d) => d.code)));
		assert.strictEqual(textAt(text, missing.range), 'actions');
		assert.strictEqual(missing.range.start.line, text.split('\n').findIndex((l) => l.includes('sid = "Restore"')) + 1);
		const trust = diagnostics.find((d) => d.code === 'trust-principal-missing')!;
		assert.ok(trust);
		const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } })) as {
			title: string;
			edit: { documentChanges: { edits: { range: Range; newText: string }[] }[] };
		}[];
		assert.ok(actions.length > 0);
		const edits = actions[0].edit.documentChanges[0].edits.map((e) => ({ offset: offsetOf(text, e.range.start), length: offsetOf(text, e.range.end) - offsetOf(text, e.range.start), newText: e.newText }));
		const fixed = applyTextEdits(text, edits);
		assert.strictEqual(hclSyntax(parser).errorCount(fixed), 0, fixed);
		assert.ok(fixed.includes('      "dynamodb:DescribeTable",\n'), fixed);
		client.edit(uri, text, 0, text.length, fixed);
		const after = await client.pushed(uri, 30000);
		assert.ok(!after.some((d) => d.code === 'scenario-missing'), JSON.stringify(after.map((d) => [d.code, d.message])));
	});

	test('a Terraform file without IAM gets no diagnostics', async () => {
		const uri = `${FOLDER}/table.tf`;
		client.settings = () => ({});
		client.open(uri, fixture('no-iam.tf'), 'terraform');
		assert.deepStrictEqual(await client.pushed(uri, 30000), []);
	});

	test('completion and hover inside a CloudFormation YAML Action list and an HCL actions list, through the server', async () => {
		client.settings = () => ({});
		const yamlUri = `${FOLDER}/restore-role.yaml`;
		const template = fs.readFileSync(path.join(repoRoot, 'test', 'corpus', 'templates', 'made', 'dynamodb-restore-role.yaml'), 'utf8');
		const yaml = template.replace('                  - dynamodb:DescribeTable\n', '                  - dynamodb:DescribeTable\n                  - dynamodb:Sc\n');
		client.open(yamlUri, yaml, 'yaml');
		await client.pushed(yamlUri, 30000);
		const position = (text: string, offset: number) => {
			const lines = text.slice(0, offset).split('\n');
			return { line: lines.length - 1, character: lines[lines.length - 1].length };
		};
		const typedAt = yaml.indexOf('- dynamodb:Sc\n') + '- dynamodb:Sc'.length;
		const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: yamlUri }, position: position(yaml, typedAt) })) as { items: { label: string; textEdit: { range: Range; newText: string } }[] };
		assert.ok(list && list.items.length > 0, 'no completion in the YAML Action list');
		assert.strictEqual(list.items[0].label, 'dynamodb:Scan');
		assert.strictEqual(textAt(yaml, list.items[0].textEdit.range), 'dynamodb:Sc');
		assert.strictEqual(list.items[0].textEdit.newText, 'dynamodb:Scan');
		const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: yamlUri }, position: position(yaml, yaml.indexOf('dynamodb:DescribeTable') + 3) })) as { range: Range; contents: { value: string } };
		assert.strictEqual(textAt(yaml, hover.range), 'dynamodb:DescribeTable');
		assert.match(hover.contents.value, /DescribeTable/);

		const tfUri = `${FOLDER}/typing.tf`;
		const tf = fixture('document-role.tf').replace('"dynamodb:PutItem",', '"dynamodb:PutItem",\n      "dynamodb:Des",');
		client.open(tfUri, tf, 'terraform');
		await client.pushed(tfUri, 30000);
		const tfList = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: tfUri }, position: position(tf, tf.indexOf('"dynamodb:Des"') + '"dynamodb:Des'.length) })) as { items: { label: string; textEdit: { range: Range } }[] };
		assert.ok(tfList.items.some((i) => i.label === 'dynamodb:DescribeTable'));
		assert.strictEqual(textAt(tf, tfList.items[0].textEdit.range), 'dynamodb:Des');
	});
});
