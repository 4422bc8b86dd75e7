/**
 * Mutation fuzzer over the seeds' policies, the examples, generated policies, CloudFormation YAML
 * templates (made and real, test/corpus/templates) and Terraform files (test/corpus/terraform,
 * test/fixtures/terraform). Seeded and reproducible: FUZZ_SEED and FUZZ_CASES (npm run fuzz -- --cases
 * 100000 --seed 7). The bounded run in `npm test` checks 2,000 cases.
 *
 * Properties:
 * - engine: analysis, hover and completion at a random offset never throw; every quick fix offered
 *   on a valid document keeps it valid, judged by an independent parser (V8's JSON.parse, the
 *   `yaml` package, a fresh tree-sitter parse with no ERROR or MISSING node), with edits inside
 *   the document; fix-all is idempotent;
 * - the real server over stdio (every FUZZ_SERVER_EVERY-th case): diagnostics, quick fixes,
 *   fix-all, hover and completion are each answered within REQUEST_DEADLINE_MS; the edits it sends
 *   keep a valid document valid; after an edit, no diagnostic of the old version is served; the
 *   server never exits.
 * A failing case is written to test-results/fuzz-failures/ to become a regression test.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { Analysis, AnalyzeOptions, type Checker, createChecker, fixAll, getFixes } from '../../server/src/engine';
import { applyTextEdits } from '../../server/src/engine/edits';
import { MAX_NESTING_DEPTH, nestsTooDeep } from '../../server/src/engine/parse';
import { generatePolicy } from '../bench/bench';
import { hclSyntax } from '../../server/src/engine/host/hclSyntax';
import { managedPolicyResolver } from '../../server/src/engine/managedPolicies';
import { HclParser } from '../../server/src/engine/syntax/treeSitter';
import { loadManagedPolicies } from '../../server/src/node/managedPoliciesFile';
import { readTreeSitterWasm } from '../../server/src/node/treeSitterFiles';
import { builtinRequirementSets } from '../../server/src/scenarios';
import { testCatalog } from '../support/catalog';
import { fixturePath, repoRoot } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import { prng } from '../support/random';
import { validJson, validYaml, yamlNestsDeeperThan } from '../support/validity';

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Every how many cases one also goes through the real server. */
const SERVER_EVERY = Number(process.env.FUZZ_SERVER_EVERY ?? 10);
/** The server's request budget is 8 s; on a loaded machine an answer may take a little longer to arrive. */
const REQUEST_DEADLINE_MS = Number(process.env.FUZZ_DEADLINE_MS ?? 15000);
/**
 * Scales the large mutations (huge strings, deep nesting, runs of garbage). A long run on a
 * shared machine uses a smaller scale to go through more cases; their shapes stay the same.
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

type Syntax = 'json' | 'yaml' | 'hcl';
interface Case {
	text: string;
	syntax: Syntax;
}

function readDir(dir: string, extension = '.json'): string[] {
	return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(extension)).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}

/** Every file with `extension` under `dir`, in a stable order. */
function readTree(dir: string, extension: string): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		if (entry.isDirectory()) out.push(...readTree(path.join(dir, entry.name), extension));
		else if (entry.name.endsWith(extension)) out.push(fs.readFileSync(path.join(dir, entry.name), 'utf8'));
	}
	return out;
}

/** The extension a case's input is saved and served with. */
const EXTENSION: Record<Syntax, string> = { json: 'json', yaml: 'yaml', hcl: 'tf' };

/** A CloudFormation template in YAML with an inline role policy and a managed policy. */
const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  RestoreRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: backup.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: restore
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Restore
                Effect: Allow
                Action:
                  - dynamodb:RestoreTableFromBackup
                  - dynamodb:DescribeBackup
                  - "ec2:*"
                Resource: "*"
  Guard:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            NotAction: [ "iam:*" ]
            Resource: !Sub "arn:aws:s3:::\${AWS::StackName}-*"
            Condition:
              Bool: { "aws:SecureTransport": "false" }
`;

const corpus: Case[] = [
	...readDir(fixturePath('seeds')),
	...readDir(path.join(repoRoot, 'examples')),
	generatePolicy(1024),
	generatePolicy(6 * 1024),
	'{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}',
	'{\n\t// comment\n\t"Statement": [\n\t\t{"Effect": "Deny", "NotAction": ["ec2:*"], "NotResource": "arn:aws:s3:::x", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},\n\t]\n}',
	'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
]
	.map((text): Case => ({ text, syntax: 'json' }))
	.concat([{ text: YAML_TEMPLATE, syntax: 'yaml' }, { text: YAML_TEMPLATE.replace(/ {2}Guard:[\s\S]*$/, ''), syntax: 'yaml' }])
	// Real CloudFormation and SAM templates and the made variants of the template tests.
	.concat(readTree(path.join(repoRoot, 'test', 'corpus', 'templates'), '.yaml').map((text): Case => ({ text, syntax: 'yaml' })))
	// Real Terraform (with provenance in its manifest) and the Terraform fixtures.
	.concat([...readTree(path.join(repoRoot, 'test', 'corpus', 'terraform'), '.tf'), ...readDir(fixturePath('terraform'), '.tf')].map((text): Case => ({ text, syntax: 'hcl' })));

const UNICODE = ['\u00a0', '\u2003', '\ufeff', '\u0000', '\ud800', '\udfff', '😀', 'é', '\u202e', '\r', '\r\n', '\t', '\\', '"', '\\u12', '\\*', '*', '?', ':', ',', '[', ']', '{', '}', '//', '/*'];
const TOKENS = ['"Statement"', '"Action"', '"NotAction"', '"Resource"', '"Effect"', '"Allow"', '"Deny"', '"Condition"', '"Principal"', '"*"', '"ec2:*"', '"iam:PassRole"', '[]', '{}', 'null', 'true', '0', '-1e999', '"2012-10-17"'];
const HCL_TOKENS = ['/* " */', '{', '}', '[', ']', '(', ')', '"', '=', ',', '\n', '${', '%{', '}}', '<<EOF\n', '\nEOF\n', '<<-JSON\n', 'jsonencode(', '#', '//', '/*', '*/', 'statement {', 'actions = ', 'resources = ["*"]', 'effect = "Deny"', 'not_actions = ["iam:*"]', 'principals {\n type = "Service"\n identifiers = ["backup.amazonaws.com"]\n}', 'data "aws_iam_policy_document" "d" {', 'resource "aws_iam_role" "r" {', 'assume_role_policy = ', 'policy = ', 'data.aws_iam_policy_document.d.json', 'source_policy_documents = ', 'dynamic "statement" {', 'for_each = ', 'var.x', '"${var.a}"', '"ec2:*"', '"dynamodb:RestoreTableFromBackup"', '"Statement"', '"Action"', '# iam-restore-lint: scenario=aws-dynamodb-backup-restore'];
const YAML_TOKENS = ['\n- ', ': ', '  ', '\n    ', '- Effect: Allow', 'Action: ', '!Ref X', '!Sub "${A}"', '!GetAtt R.Arn', '&a ', '*a', '? ', '|\n  x', '>-\n  y', '---\n', '...\n', '#', '{', '}', '[', ']', "'", '"'];

/** One random mutation of a text. */
function mutate(text: string, syntax: Syntax, rnd: () => number): string {
	const at = Math.floor(rnd() * (text.length + 1));
	const span = Math.floor(rnd() * Math.min(64, text.length - at + 1));
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
	switch (Math.floor(rnd() * 10)) {
		case 0: // byte flip
			return text.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + text.slice(at + 1);
		case 1: // token deletion
			return text.slice(0, at) + text.slice(at + span);
		case 2: // duplication
			return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
		case 3: // truncation
			return text.slice(0, at);
		case 4: // random Unicode and JSON punctuation
			return text.slice(0, at) + pick(UNICODE) + text.slice(at);
		case 5: // a policy token (or a YAML construct) where it does not belong
			return text.slice(0, at) + pick(syntax !== 'json' && rnd() < 0.7 ? (syntax === 'yaml' ? YAML_TOKENS : HCL_TOKENS) : TOKENS) + text.slice(at);
		case 6: // huge string
			return text.slice(0, at) + '"' + 'x'.repeat(scaled(20000 + Math.floor(rnd() * 80000))) + '"' + text.slice(at);
		case 7: // deep nesting
			// Always past the depth limit (128) at least sometimes, whatever the scale.
			return text.slice(0, at) + (rnd() < 0.5 ? '[' : '{"a":').repeat(100 + scaled(Math.floor(rnd() * 20000))) + text.slice(at);
		case 8: // a long run of garbage (the 100,000-error line)
			return text.slice(0, at) + Array.from({ length: scaled(1000 + Math.floor(rnd() * 50000)) }, () => pick(['@', ',', '#', ' ', '%', ']', ':'])).join('') + text.slice(at);
		default: // random bytes
			return text.slice(0, at) + Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => String.fromCharCode(Math.floor(rnd() * 65536))).join('') + text.slice(at);
	}
}

/**
 * The independent judge of a document's validity. Texts nested past the engine's depth limit are
 * not judged (the yaml package takes seconds on them, and the engine does not analyse them); a
 * YAML text's depth is measured by the yaml package's own parser (a JSON bracket scan misreads
 * YAML's quoting).
 */
function valid(text: string, syntax: Syntax): boolean {
	if (syntax === 'yaml') return !yamlNestsDeeperThan(text, MAX_NESTING_DEPTH) && validYaml(text);
	if (syntax === 'hcl') return !nestsTooDeep(text) && judgeParser.withTree(text, (tree) => !tree.rootNode.hasError) === true;
	return !nestsTooDeep(text) && validJson(text);
}

/**
 * The Terraform judge: its own tree-sitter parser, never incremental (a fresh parse of every
 * text, so a stale incremental tree in the engine's parser cannot hide an error), read with
 * tree-sitter's own `hasError` (an ERROR or MISSING node anywhere), not the engine's count.
 */
const judgeParser = new HclParser(readTreeSitterWasm, { incremental: false });
const engineParser = new HclParser(readTreeSitterWasm);
/** The checker as the server builds it: the catalog, the built-in scenarios, Terraform, AWS managed policies. */
const checker: Checker = createChecker(builtinRequirementSets, { catalog: testCatalog, syntaxes: [hclSyntax(engineParser)], managedPolicy: managedPolicyResolver(() => loadManagedPolicies()) });

/** A case whose engine calls together take more CPU time than this is a hang (CPU time: a niced run on a busy machine waits, it does not work). */
const ENGINE_CASE_LIMIT_MS = 20000;

function cpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** Failures are collected, so a long run goes on and reports every one; at most this many inputs are written. */
const MAX_RECORDED = 20;

/** A progress line every this many cases (a long niced run on a busy machine must show how far it got if it is stopped). */
const PROGRESS_EVERY = Number(process.env.FUZZ_PROGRESS_EVERY ?? 1000);

function record(name: string, c: Case, error: unknown): string {
	const dir = path.join(repoRoot, 'test-results', 'fuzz-failures');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.${EXTENSION[c.syntax]}`);
	fs.writeFileSync(file, c.text);
	return `${(error as Error)?.message ?? String(error)} (input saved to ${path.relative(repoRoot, file)})`;
}

function deadline<T>(what: string, request: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${REQUEST_DEADLINE_MS} ms`)), REQUEST_DEADLINE_MS)));
	return Promise.race([request, late]).finally(() => clearTimeout(timer));
}

/** The text after applying the edits a code action makes to `uri` (the engine's other files ignored). */
function applied(document: TextDocument, action: CodeAction): string {
	const edits: TextEdit[] = [];
	for (const change of action.edit?.documentChanges ?? []) if ('edits' in change && change.textDocument.uri === document.uri) edits.push(...(change.edits as TextEdit[]));
	for (const e of action.edit?.changes?.[document.uri] ?? []) edits.push(e);
	return TextDocument.applyEdits(document, edits);
}

suite(`fuzz (${CASES} cases, seed ${SEED})`, function () {
	// A backstop against a hang only (each case is held to a CPU budget): Terraform cases cost more,
	// and the 2,000 cases of npm test took 171 s at load 10 on 2 cores.
	this.timeout(Math.max(900000, CASES * 450));
	suiteSetup(async () => {
		await Promise.all([judgeParser.load(), engineParser.load()]);
		assert.strictEqual(engineParser.state, 'ready', engineParser.error);
		assert.strictEqual(judgeParser.state, 'ready', judgeParser.error);
	});
	const scenarios = checker.requirementSets.map((s) => s.id);
	/**
	 * Case i, built on demand from its own generator (seeded by SEED and i), so a long run holds
	 * one case in memory at a time and FUZZ_ONLY=i reproduces any case alone.
	 */
	function caseAt(i: number): { c: Case; rnd: () => number } {
		const rnd = prng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) | 0);
		const base = corpus[Math.floor(rnd() * corpus.length)];
		let text = base.text;
		const rounds = 1 + Math.floor(rnd() * 4);
		for (let r = 0; r < rounds; r++) text = mutate(text, base.syntax, rnd);
		return { c: { text, syntax: base.syntax }, rnd };
	}
	// FUZZ_ONLY=i: run case i alone (reproducing a failure), its text written to test-results/.
	const only = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
	const indexes = only !== undefined ? [only] : Array.from({ length: CASES }, (_, i) => i);
	if (only !== undefined) record(`only-seed${SEED}-case${only}`, caseAt(only).c, 'reproducing');

	test('the engine never throws; hover and completion never throw; fixes keep valid documents valid', () => {
		const failures: string[] = [];
		let fixesChecked = 0;
		let slowest = { ms: 0, index: -1 };
		const bySyntax: Record<Syntax, { cases: number; fixes: number; ms: number }> = { json: { cases: 0, fixes: 0, ms: 0 }, yaml: { cases: 0, fixes: 0, ms: 0 }, hcl: { cases: 0, fixes: 0, ms: 0 } };
		for (const i of indexes) {
			const { c, rnd } = caseAt(i);
			const options: AnalyzeOptions = { syntax: c.syntax, ...(i % 3 === 0 ? { scenarios: [scenarios[i % scenarios.length]] } : {}) };
			// Time spent in the engine only (the validity judge is not counted).
			let engineMs = 0;
			const engine = <T>(work: () => T): T => {
				const started = cpuMs();
				try {
					return work();
				} finally {
					engineMs += cpuMs() - started;
				}
			};
			try {
				const analysis: Analysis = engine(() => checker.analyze(c.text, options));
				const offset = Math.floor(rnd() * (c.text.length + 1));
				engine(() => checker.hover(analysis, offset));
				engine(() => checker.complete(c.text, offset, analysis));
				if (analysis.kind === 'policy' || analysis.kind === 'template') {
					const wasValid = valid(analysis.text, c.syntax);
					for (const finding of analysis.findings.slice(0, 200)) {
						for (const fix of engine(() => getFixes(analysis, finding))) {
							fixesChecked++;
							bySyntax[c.syntax].fixes++;
							for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= analysis.text.length, `${fix.title}: edit outside the document`);
							if (wasValid) assert.ok(valid(applyTextEdits(analysis.text, fix.edits), c.syntax), `${fix.title}: made a valid document invalid`);
						}
					}
					const once = engine(() => fixAll(checker, c.text, options));
					if (wasValid) assert.ok(valid(once.text, c.syntax), 'fix-all made a valid document invalid');
					assert.strictEqual(engine(() => fixAll(checker, once.text, options)).edit, undefined, 'fix-all is not idempotent');
				}
				assert.ok(engineMs < ENGINE_CASE_LIMIT_MS, `the engine took ${engineMs} ms on one case`);
			} catch (e) {
				failures.push(`case ${i}: ${failures.length < MAX_RECORDED ? record(`engine-seed${SEED}-case${i}`, c, e) : (e as Error)?.message}`);
			}
			if (engineMs > slowest.ms) slowest = { ms: Math.round(engineMs), index: i };
			bySyntax[c.syntax].cases++;
			bySyntax[c.syntax].ms += engineMs;
			if (i > 0 && i % PROGRESS_EVERY === 0) console.log(`      engine: ${i} cases so far, ${fixesChecked} fixes checked, ${failures.length} failures, ${Math.round(process.cpuUsage().user / 1000)} ms of CPU`);
		}
		console.log(`      engine: ${indexes.length} cases, ${fixesChecked} fixes checked, slowest case ${slowest.index}: ${slowest.ms} ms of CPU in the engine, ${failures.length} failures`);
		for (const [syntax, t] of Object.entries(bySyntax)) console.log(`      engine ${syntax}: ${t.cases} cases, ${t.fixes} fixes checked, ${t.cases ? (t.ms / t.cases).toFixed(1) : 0} ms of CPU per case`);
		for (const f of failures) console.log(`      ${f.slice(0, 300)}`);
		assert.deepStrictEqual(failures, []);
		assert.ok(fixesChecked > 0 || only !== undefined);
	});

	test('the server over stdio answers every request in time, never serves stale diagnostics, never breaks a file, never exits', async () => {
		const client = new TestLspClient();
		const failures: string[] = [];
		try {
			await client.initialize('pull');
			let sent = 0;
			let slowest = { ms: 0, index: -1, what: '' };
			for (const i of indexes.filter((n) => only !== undefined || n % SERVER_EVERY === 0)) {
				const { c, rnd } = caseAt(i);
				const uri = `file:///work/space/fuzz-${i}.${EXTENSION[c.syntax]}`;
				const document = TextDocument.create(uri, c.syntax, 1, c.text);
				const timed = async <T>(what: string, request: Promise<T>): Promise<T> => {
					const started = Date.now();
					const result = await deadline(what, request);
					const ms = Date.now() - started;
					if (ms > slowest.ms) slowest = { ms, index: i, what };
					return result;
				};
				try {
					client.open(uri, c.text, c.syntax);
					const diagnostics = await timed('diagnostics', client.pull(uri));
					assert.ok(diagnostics.every((d) => (d.data as { version?: number } | undefined)?.version === 1), 'a diagnostic of another version');
					const wasValid = valid(c.text, c.syntax);
					const ranged = diagnostics.slice(0, 10);
					const actions = (await timed('quick fixes', client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: ranged[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: ranged } }))) as CodeAction[] | null;
					const fixAllActions = (await timed('fix-all', client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } }))) as CodeAction[] | null;
					if (wasValid)
						for (const action of [...(actions ?? []), ...(fixAllActions ?? [])]) assert.ok(valid(applied(document, action), c.syntax), `"${action.title}" made a valid document invalid`);
					const position = document.positionAt(Math.floor(rnd() * (c.text.length + 1)));
					await timed('hover', client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
					(await timed('completion', client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }))) as CompletionList | null;
					// An edit, then the diagnostics must be the new version's.
					const edited = mutate(c.text, c.syntax, rnd);
					client.edit(uri, c.text, 0, c.text.length, edited);
					const after: Diagnostic[] = await timed('diagnostics after an edit', client.pull(uri));
					assert.ok(after.every((d) => (d.data as { version?: number } | undefined)?.version === 2), 'stale diagnostics after an edit');
				} catch (e) {
					failures.push(`case ${i}: ${failures.length < MAX_RECORDED ? record(`server-seed${SEED}-case${i}`, c, e) : (e as Error)?.message}; stderr: ${client.stderr.slice(-500)}`);
					client.stderr = '';
					if (!client.alive) break;
				}
				client.close(uri);
				sent++;
				if (sent % 1000 === 0) console.log(`      server: ${sent} documents so far, ${failures.length} failures`);
			}
			console.log(`      server: ${sent} documents, slowest answer ${slowest.ms} ms (${slowest.what}, case ${slowest.index}), ${failures.length} failures`);
			assert.deepStrictEqual(failures, []);
			assert.ok(client.alive, 'the server exited');
			assert.ok(sent > 0);
		} finally {
			await client.stop();
		}
	});
});
