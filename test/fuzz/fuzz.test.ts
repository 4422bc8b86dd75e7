/**
 * Mutation fuzzer over the seeds' policies, the examples, the fixtures and generated policies.
 * Seeded and reproducible: FUZZ_SEED and FUZZ_CASES (npm run fuzz -- --cases 100000 --seed 7).
 * The bounded run in `npm test` checks a few thousand cases in well under two minutes.
 *
 * Properties: the engine never throws; every quick fix offered on a document that parsed cleanly
 * yields a document that parses cleanly, with edits inside the document and not overlapping;
 * fix-all is idempotent; the real server over stdio never crashes, never hangs and keeps
 * answering. A failing case is written to test-results/fuzz-failures/ to become a regression test.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ParseError, parseTree } from 'jsonc-parser';
import { fixAll, getFixes } from '../../server/src/engine';
import { applyTextEdits } from '../../server/src/engine/edits';
import { generatePolicy } from '../bench/bench';
import { checker, fixturePath, repoRoot } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import { prng } from '../support/random';

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Every how many cases one also goes through the real server. */
const SERVER_EVERY = Number(process.env.FUZZ_SERVER_EVERY ?? 10);


function readDir(dir: string): string[] {
	return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}

const corpus: string[] = [
	...readDir(fixturePath('seeds')),
	...readDir(path.join(repoRoot, 'examples')),
	generatePolicy(1024),
	generatePolicy(6 * 1024),
	'{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}',
	'{\n\t// comment\n\t"Statement": [\n\t\t{"Effect": "Deny", "NotAction": ["ec2:*"], "NotResource": "arn:aws:s3:::x", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},\n\t]\n}',
	'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
];

const UNICODE = ['\u00a0', '\u2003', '\ufeff', '\u0000', '\ud800', '\udfff', '😀', 'é', '\u202e', '\r', '\r\n', '\t', '\\', '"', '\\u12', '\\*', '*', '?', ':', ',', '[', ']', '{', '}', '//', '/*'];
const TOKENS = ['"Statement"', '"Action"', '"NotAction"', '"Resource"', '"Effect"', '"Allow"', '"Deny"', '"Condition"', '"Principal"', '"*"', '"ec2:*"', '"iam:PassRole"', '[]', '{}', 'null', 'true', '0', '-1e999', '"2012-10-17"'];

/** One random mutation of a text. */
function mutate(text: string, rnd: () => number): string {
	const at = Math.floor(rnd() * (text.length + 1));
	const span = Math.floor(rnd() * Math.min(64, text.length - at + 1));
	switch (Math.floor(rnd() * 9)) {
		case 0: // byte flip
			return text.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + text.slice(at + 1);
		case 1: // token deletion
			return text.slice(0, at) + text.slice(at + span);
		case 2: // duplication
			return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
		case 3: // truncation
			return text.slice(0, at);
		case 4: // random Unicode and JSON punctuation
			return text.slice(0, at) + UNICODE[Math.floor(rnd() * UNICODE.length)] + text.slice(at);
		case 5: // a policy token where it does not belong
			return text.slice(0, at) + TOKENS[Math.floor(rnd() * TOKENS.length)] + text.slice(at);
		case 6: // huge string
			return text.slice(0, at) + '"' + 'x'.repeat(20000 + Math.floor(rnd() * 80000)) + '"' + text.slice(at);
		case 7: // deep nesting
			return text.slice(0, at) + '['.repeat(100 + Math.floor(rnd() * 20000)) + text.slice(at);
		default: // random bytes
			return text.slice(0, at) + Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => String.fromCharCode(Math.floor(rnd() * 65536))).join('') + text.slice(at);
	}
}

function cleanParse(text: string): boolean {
	const errors: ParseError[] = [];
	parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
	return errors.length === 0;
}

function record(name: string, text: string, error: unknown): string {
	const dir = path.join(repoRoot, 'test-results', 'fuzz-failures');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.json`);
	fs.writeFileSync(file, text);
	return `${(error as Error)?.message ?? String(error)} (input saved to ${path.relative(repoRoot, file)})`;
}

suite(`fuzz (${CASES} cases, seed ${SEED})`, function () {
	this.timeout(Math.max(120000, CASES * 100));
	const rnd = prng(SEED);
	const cases: string[] = [];
	for (let i = 0; i < CASES; i++) {
		let text = corpus[Math.floor(rnd() * corpus.length)];
		const rounds = 1 + Math.floor(rnd() * 4);
		for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
		cases.push(text);
	}
	const scenarios = checker.requirementSets.map((s) => s.id);

	test('the engine never throws, and fixes keep clean documents clean', () => {
		let fixesChecked = 0;
		cases.forEach((text, i) => {
			const options = i % 3 === 0 ? { scenarios: [scenarios[i % scenarios.length]] } : {};
			try {
				const analysis = checker.analyze(text, options);
				if (analysis.kind !== 'policy') return;
				const clean = cleanParse(analysis.text);
				for (const finding of analysis.findings) {
					for (const fix of getFixes(analysis, finding)) {
						fixesChecked++;
						for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= analysis.text.length, `${fix.title}: edit outside the document`);
						const after = applyTextEdits(analysis.text, fix.edits);
						if (clean) assert.ok(cleanParse(after), `${fix.title}: broke a clean document`);
					}
				}
				const once = fixAll(checker, text, options);
				assert.strictEqual(fixAll(checker, once.text, options).edit, undefined, 'fix-all is not idempotent');
			} catch (e) {
				assert.fail(`case ${i}: ${record(`engine-seed${SEED}-case${i}`, text, e)}`);
			}
		});
		assert.ok(fixesChecked > 0);
	});

	test('the server over stdio never crashes, never hangs, keeps answering', async () => {
		const client = new TestLspClient();
		try {
			await client.initialize('pull');
			let sent = 0;
			for (let i = 0; i < cases.length; i += SERVER_EVERY) {
				const uri = `file:///work/space/fuzz-${i}.json`;
				client.open(uri, cases[i]);
				try {
					await Promise.race([client.pull(uri), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10000))]);
				} catch (e) {
					assert.fail(`case ${i}: ${record(`server-seed${SEED}-case${i}`, cases[i], e)}; stderr: ${client.stderr.slice(-2000)}`);
				}
				client.close(uri);
				sent++;
			}
			assert.ok(client.alive, 'the server exited');
			assert.ok(sent > 0);
		} finally {
			await client.stop();
		}
	});
});
