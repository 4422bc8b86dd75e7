import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import { HclParser } from '../../../server/src/engine/syntax/treeSitter';
import { HclBlockCache, HclFile, HclValue, readHcl, unescapeQuoted } from '../../../server/src/engine/syntax/hcl';
import { readTreeSitterWasm } from '../../../server/src/node/treeSitterFiles';

const parser = new HclParser(readTreeSitterWasm);

function read(text: string): HclFile {
	const file = parser.withTree(text, (tree) => readHcl(tree, text));
	assert.ok(file, `parser not ready: ${parser.error}`);
	return file;
}

function at(text: string, v: { span: { offset: number; length: number } }): string {
	return text.slice(v.span.offset, v.span.offset + v.span.length);
}

suite('HCL reader (tree-sitter)', () => {
	suiteSetup(async () => {
		await parser.load();
		assert.strictEqual(parser.state, 'ready', parser.error);
	});

	test('the block cache forgets the blocks the last read did not use once the texts it holds pass its limit (in characters)', () => {
		// Typing in a block makes a new version of it on every keystroke: each is one more entry.
		const cache = new HclBlockCache(60);
		const version = (i: number) => `locals {\n  a = "${'x'.repeat(i)}"\n}`;
		const typed = (i: number) => parser.withTree(version(i) + '\n', (tree) => readHcl(tree, version(i) + '\n', () => true, cache));
		for (let i = 0; i < 10; i++) typed(i);
		assert.strictEqual(cache.get(version(0), 0, []), undefined, 'an early version is forgotten');
		assert.ok(cache.get(version(9), 0, []), 'the block the last read used is kept');
		// Moved to where it is asked for, with its body.
		const moved = cache.get(version(9), 100, [])!;
		assert.deepStrictEqual([moved.span.offset, moved.body?.attributes[0].nameSpan.offset, moved.body?.attributes[0].value.span.offset], [100, 111, 115]);
	});

	test('loads lazily: a new parser is idle until load() is called', () => {
		let asked = 0;
		const lazy = new HclParser(async () => {
			asked++;
			return readTreeSitterWasm();
		});
		assert.strictEqual(lazy.state, 'idle');
		assert.strictEqual(lazy.withTree('a = 1', () => 1), undefined);
		assert.strictEqual(asked, 0);
	});

	test('a loader that fails leaves the parser failed with the reason, never throwing', async () => {
		const broken = new HclParser(async () => {
			throw new Error('no wasm here');
		});
		await broken.load();
		assert.strictEqual(broken.state, 'failed');
		assert.match(broken.error ?? '', /no wasm here/);
	});

	test('blocks, labels, attributes and values keep their exact ranges', () => {
		const text = 'resource "aws_iam_role" "r" {\n  name = "restore"\n  n = 3\n  b = true\n  tags = { Owner = "me", "x-y" = null }\n}\n';
		const file = read(text);
		assert.strictEqual(file.errors.length, 0);
		const [block] = file.blocks;
		assert.deepStrictEqual([block.type, ...block.labels.map((l) => l.value)], ['resource', 'aws_iam_role', 'r']);
		assert.strictEqual(at(text, block.labels[1]), '"r"');
		const attrs = block.body!.attributes;
		assert.deepStrictEqual(attrs.map((a) => a.name), ['name', 'n', 'b', 'tags']);
		const name = attrs[0].value;
		assert.ok(name.kind === 'string');
		assert.strictEqual(name.value, 'restore');
		assert.strictEqual(at(text, name), '"restore"');
		const tags = attrs[3].value;
		assert.ok(tags.kind === 'object');
		assert.deepStrictEqual(tags.entries.map((e) => [e.key, e.bareKey, e.value.kind]), [
			['Owner', true, 'string'],
			['x-y', false, 'null'],
		]);
	});

	test('jsonencode of an HCL object: a call whose argument is an object of tuples', () => {
		const text = 'x = jsonencode({\n  Version = "2012-10-17"\n  Statement = [{ Effect = "Allow", Action = ["s3:GetObject", var.extra] }]\n})\n';
		const [attr] = read(text).attributes;
		const call = attr.value;
		assert.ok(call.kind === 'call' && call.name === 'jsonencode');
		const doc = call.args[0];
		assert.ok(doc.kind === 'object');
		const statements = doc.entries[1].value;
		assert.ok(statements.kind === 'tuple');
		const st = statements.items[0];
		assert.ok(st.kind === 'object');
		const actions = st.entries[1].value;
		assert.ok(actions.kind === 'tuple');
		assert.deepStrictEqual(actions.items.map((i) => i.kind), ['string', 'reference']);
		assert.strictEqual(at(text, actions.items[0]), '"s3:GetObject"');
		assert.deepStrictEqual((actions.items[1] as Extract<HclValue, { kind: 'reference' }>).path, ['var', 'extra']);
		assert.strictEqual(text[actions.close], ']');
	});

	test('references keep their path; interpolation makes a template (deploy-time)', () => {
		const text = 'a = data.aws_iam_policy_document.d.json\nb = aws_s3_bucket.b.arn\nc = "arn:aws:s3:::${var.bucket}/*"\nd = local.p[0]\n';
		const [a, b, c, d] = read(text).attributes.map((x) => x.value);
		assert.deepStrictEqual(a.kind === 'reference' && a.path, ['data', 'aws_iam_policy_document', 'd', 'json']);
		assert.deepStrictEqual(b.kind === 'reference' && b.path, ['aws_s3_bucket', 'b', 'arn']);
		assert.ok(c.kind === 'template');
		assert.deepStrictEqual(c.parts.map((p) => p.kind), ['literal', 'interpolation', 'literal']);
		assert.deepStrictEqual(d.kind === 'reference' && d.path, ['local', 'p', '[0]']);
	});

	test('heredoc content is the raw source lines with their offsets; interpolations are marked', () => {
		const text = 'p = <<-EOT\n    {"Resource": "${aws_s3_bucket.b.arn}"}\n    EOT\nq = <<EOF\n{"a": 1}\nEOF\n';
		const [p, q] = read(text).attributes.map((x) => x.value);
		assert.ok(p.kind === 'template' && p.heredoc);
		assert.strictEqual(p.heredoc.text, '    {"Resource": "${aws_s3_bucket.b.arn}"}\n');
		assert.strictEqual(text.slice(p.heredoc.offset, p.heredoc.offset + 5), '    {');
		assert.strictEqual(p.heredoc.interpolations.length, 1);
		assert.strictEqual(at(text, { span: p.heredoc.interpolations[0] }), '${aws_s3_bucket.b.arn}');
		assert.ok(q.kind === 'string' && q.heredoc);
		assert.strictEqual(q.value, '{"a": 1}\n');
	});

	test('HCL string escapes (spec: \\n \\" \\\\ \\u, $${ and %%{)', () => {
		assert.strictEqual(unescapeQuoted('a\\"b\\\\c\\u00e9\\U0001F600$${x}%%{y}'), 'a"b\\cé😀${x}%{y}');
		const text = 'x = "s3:\\u0047etObject"\n';
		const [x] = read(text).attributes;
		assert.ok(x.value.kind === 'string' && x.value.value === 's3:GetObject');
	});

	test('offsets are UTF-16 code units, like the editor', () => {
		const text = 'x = "é😀"\ny = "a"\n';
		const [, y] = read(text).attributes;
		assert.strictEqual(y.value.span.offset, text.indexOf('"a"'));
	});

	test('comment lines directly above a block are its leading comments; a blank line cuts them off', () => {
		const text = '# unrelated\n\n# iam-restore-lint: veeam-aws-dynamodb-restore\n// second line\nresource "aws_iam_role" "r" {}\n';
		const [block] = read(text).blocks;
		assert.deepStrictEqual(block.leadingComments.map((c) => c.text), ['# iam-restore-lint: veeam-aws-dynamodb-restore', '// second line']);
	});

	test('half-typed input: errors are reported, what is readable is read', () => {
		const text = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject", s3:Put]\n    resources = ["*"]\n  }\n}\n';
		const file = read(text);
		assert.ok(file.errors.length > 0);
		const statement = file.blocks[0].body!.blocks[0];
		const actions = statement.body!.attributes[0].value;
		assert.ok(actions.kind === 'tuple');
		assert.strictEqual(actions.items[0].kind === 'string' && actions.items[0].value, 's3:GetObject');
		assert.strictEqual(text[actions.close], ']');
	});

	test('a file cut off in the middle of a list: errors, no crash', () => {
		const text = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject", \n';
		const file = read(text);
		assert.ok(file.errors.length > 0);
	});

	test('incremental re-parse: an edited text gives the same tree as a fresh parse (non-ASCII before the edit too)', async () => {
		let text = '# é😀 comment\ndata "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"]\n  }\n}\n';
		const edits: [string, string][] = [
			['"s3:GetObject"]', '"s3:GetObject", "s3:PutObject"]'],
			['s3:PutObject', 's3:PutObjectAcl'],
			['  statement {', '  # ü\n  statement {'],
			['actions', 'not_actions'],
		];
		const shape = (t: Tree) => [t.rootNode.toString(), t.rootNode.descendantsOfType('string_lit').map((n) => n!.startIndex)];
		for (const [from, to] of edits) {
			assert.ok(parser.withTree(text, shape));
			text = text.replace(from, to);
			const incremental = parser.withTree(text, shape);
			// A parser with nothing cached parses from scratch.
			const fresh = new HclParser(readTreeSitterWasm);
			await fresh.load();
			assert.deepStrictEqual(incremental, fresh.withTree(text, shape), to);
		}
	});

	test('a block filter skips the bodies of blocks that cannot hold a policy', () => {
		const text = 'resource "aws_instance" "i" { ami = "x" }\nresource "aws_iam_policy" "p" { policy = "{}" }\n';
		const file = parser.withTree(text, (tree) => readHcl(tree, text, (type, labels) => type === 'resource' && labels[0].startsWith('aws_iam_')))!;
		assert.strictEqual(file.blocks[0].body, undefined);
		assert.ok(file.blocks[1].body);
	});
});

suite('Terraform corpus (test/corpus/terraform)', () => {
	const root = path.join(__dirname, '..', '..', '..', '..', 'test', 'corpus', 'terraform');
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as { files: { file: string; repository: string; path: string; commit: string; license: string }[] };

	suiteSetup(async () => {
		await parser.load();
	});

	test('every file in the folder has provenance in the manifest, and every manifest entry exists', () => {
		const onDisk = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name !== 'manifest.json').map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
		assert.deepStrictEqual(onDisk.sort(), manifest.files.map((f) => f.file).sort());
		for (const f of manifest.files) {
			assert.match(f.commit, /^[0-9a-f]{40}$/, f.file);
			assert.match(f.repository, /^https:\/\/github\.com\/[^/]+\/[^/]+$/, f.file);
			assert.ok(['MIT', 'Apache-2.0'].includes(f.license), `${f.file}: ${f.license}`);
		}
	});

	test('every real .tf file parses without a syntax error (the baseline the fix property test keeps)', () => {
		const tfFiles = manifest.files.filter((f) => f.file.endsWith('.tf'));
		assert.ok(tfFiles.length >= 10);
		for (const f of tfFiles) {
			const text = fs.readFileSync(path.join(root, f.file), 'utf8');
			assert.deepStrictEqual(read(text).errors, [], f.file);
		}
	});
});
