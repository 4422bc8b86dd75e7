/**
 * `npm run bench`: speed figures, one per line as `bench: NAME VALUE UNIT` (medians of repeated
 * runs, with min and max). Not part of the tests: timings vary by machine; ratios are what matter.
 * What is compared runs interleaved (round after round, each side timed on the clock, or in the
 * process's CPU time with --cpu), and a ratio is the median of the per-round ratios, so that a
 * change of the machine's load between rounds moves it little.
 * `npm run bench -- --baseline DIR` also measures another built checkout (say, the last release)
 * in the same rounds; `--engine-only` stops after the policy-size figures.
 *
 * Sizes: generated policies of 1 KB, 6 KB, 10 KB, 100 KB, 1 MB and 2 MB made of real actions.
 * Compared with: jsonc-parser's bare parseTree on the same text, and vscode-json-languageservice's
 * doValidation with our IAM policy JSON schema (what VS Code's JSON support does on a keystroke).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseTree } from 'jsonc-parser';
import { getLanguageService, TextDocument as JsonDocument } from 'vscode-json-languageservice';
import { Parser } from 'web-tree-sitter';
import { parseDocument as parseYamlDocument } from 'yaml';
import { createChecker } from '../../server/src/engine';
import { hclSyntax } from '../../server/src/engine/host/hclSyntax';
import { CLOUDFORMATION_TAGS } from '../../server/src/engine/host/yamlTree';
import { managedPolicyResolver } from '../../server/src/engine/managedPolicies';
import { HclParser } from '../../server/src/engine/syntax/treeSitter';
import { loadManagedPolicies } from '../../server/src/node/managedPoliciesFile';
import { readTreeSitterWasm } from '../../server/src/node/treeSitterFiles';
import { loadActionCatalog } from '../../server/src/node/catalogFile';
import { builtinRequirementSets } from '../../server/src/scenarios';
import { repoRoot } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

function line(name: string, value: number, unit: string): void {
	const shown = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
	console.log(`bench: ${name} ${shown} ${unit}`);
}

interface Stats {
	median: number;
	min: number;
	max: number;
}

function stats(samples: number[]): Stats {
	const sorted = [...samples].sort((a, b) => a - b);
	return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Repeats `fn` (after warm-up) until enough samples or time; returns milliseconds per run. */
async function measure(fn: () => unknown, budgetMs: number): Promise<Stats> {
	for (let i = 0; i < 3; i++) await fn();
	const samples: number[] = [];
	const started = performance.now();
	while (samples.length < 7 || (performance.now() - started < budgetMs && samples.length < 2000)) {
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	return stats(samples);
}

/**
 * The clock, as the bench always timed (on a quiet machine the steadiest ratios); with --cpu the
 * process's CPU time (user + system, all threads): on a busy machine a delayed run costs no more,
 * but the collector's helper threads count too, which swings with when they happen to run.
 */
const byCpu = process.argv.includes('--cpu');
const UNIT = byCpu ? 'ms CPU' : 'ms';
function timeNow(): number {
	if (!byCpu) return performance.now();
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/**
 * Runs the contenders in turn, round after round, so that each round sees them under the same
 * conditions (load, heap, CPU frequency); a round times each contender over a batch of runs long
 * enough for the clock. Returns per contender its CPU ms per run in each round; a ratio is then the
 * median of the per-round ratios, which the machine's state between rounds does not move.
 * `batchMs`: how long one contender's batch of a round takes; batches of a few ms let one young-
 * generation collection (caused by whichever contender) decide a round.
 */
async function interleaved(contenders: Record<string, () => unknown>, budgetMs: number, minRounds = 15, batchMs = 5): Promise<Record<string, number[]>> {
	const names = Object.keys(contenders);
	const batch: Record<string, number> = {};
	for (const name of names) {
		// Warm-up, and a batch size that makes a timed batch take ~batchMs.
		for (let i = 0; i < 3; i++) await settle(contenders[name]());
		const t0 = timeNow();
		await settle(contenders[name]());
		batch[name] = Math.max(1, Math.min(5000, Math.round(batchMs / Math.max(timeNow() - t0, 0.005))));
	}
	const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
	const started = performance.now();
	while (samples[names[0]].length < minRounds || (performance.now() - started < budgetMs && samples[names[0]].length < 500)) {
		for (const name of names) {
			const run = contenders[name];
			const t0 = timeNow();
			for (let i = 0; i < batch[name]; i++) await settle(run());
			samples[name].push((timeNow() - t0) / batch[name]);
		}
	}
	return samples;
}

/** Waits for a run that returns a promise (JSON schema validation is asynchronous); others cost no turn of the event loop. */
function settle(result: unknown): unknown {
	return result instanceof Promise ? result : undefined;
}

/** Median over rounds of `a[i] / b[i]`. */
function pairedRatio(a: readonly number[], b: readonly number[]): number {
	return stats(a.map((x, i) => x / Math.max(b[i], 1e-6))).median;
}

/**
 * A policy of about `bytes` characters, as a Veeam administrator writes one: the actions of Veeam's
 * full single-role list (450 actions) in statements of 12, some scoped to a table, some
 * conditional, some Deny guard-rails; past ~14 KB the list repeats.
 */
export function generatePolicy(bytes: number): string {
	const pool = builtinRequirementSets.find((s) => s.id === 'veeam-aws-full-list')!.actions.map((a) => a.action);
	const statements: unknown[] = [];
	let size = 60;
	let i = 0;
	while (size < bytes) {
		const actions = Array.from({ length: 12 }, (_, k) => pool[(i * 12 + k) % pool.length]);
		const statement: Record<string, unknown> = { Sid: `Statement${i}`, Effect: i % 9 === 8 ? 'Deny' : 'Allow', Action: actions, Resource: i % 3 === 0 ? `arn:aws:dynamodb:us-east-1:123456789012:table/T${i}` : '*' };
		if (i % 5 === 4) statement.Condition = { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } };
		const text = JSON.stringify(statement, null, 4);
		if (size + text.length > bytes && statements.length > 0) break;
		statements.push(statement);
		size += text.length + 2;
		i++;
	}
	return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);
}

const SIZES: [string, number][] = [
	['1kb', 1024],
	['6kb', 6 * 1024],
	['10kb', 10 * 1024],
	['100kb', 100 * 1024],
	['1mb', 1024 * 1024],
	['2mb', 2 * 1024 * 1024],
];

/**
 * `--baseline DIR`: another checkout of this project, built (`npm run compile-tests` leaves its
 * engine in DIR/out), measured in the same rounds on the same policies: "no slower than before"
 * is then read off one run instead of two runs on a machine whose load differs between them.
 */
function baselineChecker(): { dir: string; analyze: (text: string) => unknown } | undefined {
	const at = process.argv.indexOf('--baseline');
	if (at < 0) return undefined;
	const dir = path.resolve(process.argv[at + 1] ?? '');
	const load = (file: string) => require(path.join(dir, 'out', 'server', 'src', file));
	if (!fs.existsSync(path.join(dir, 'out', 'server', 'src', 'engine', 'index.js'))) throw new Error(`--baseline ${dir}: no built engine at out/server/src/engine (run npm ci && npm run compile-tests there)`);
	const catalog = load('node/catalogFile').loadActionCatalog();
	const checker = load('engine').createChecker(load('scenarios').builtinRequirementSets, { catalog: () => catalog });
	return { dir, analyze: (text) => checker.analyze(text) };
}

async function engineFigures(): Promise<void> {
	const loadStart = performance.now();
	const catalog = loadActionCatalog();
	line('catalog-load', performance.now() - loadStart, 'ms');
	const checker = createChecker(builtinRequirementSets, { catalog: () => catalog });
	const baseline = baselineChecker();
	if (baseline) console.log(`bench: baseline ${baseline.dir}`);
	const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'iam-policy.schema.json'), 'utf8'));
	const json = getLanguageService({});
	json.configure({ validate: true, schemas: [{ uri: 'iam-policy.schema.json', fileMatch: ['*.json'], schema }] });
	for (const [name, bytes] of SIZES) {
		const text = generatePolicy(bytes);
		const document = JsonDocument.create('file:///policy.json', 'json', 1, text);
		const contenders: Record<string, () => unknown> = {
			engine: () => checker.analyze(text),
			parse: () => parseTree(text, [], { allowTrailingComma: false, disallowComments: true }),
			jsonschema: () => json.doValidation(document, json.parseJSONDocument(document)),
			...(baseline ? { baseline: () => baseline.analyze(text) } : {}),
		};
		// Small policies: 25 ms batches and more rounds (with 5 ms batches the 6 KB ratio swung 0.66-1.15 between runs).
		const rounds = bytes > 500_000 ? await interleaved(contenders, 8000, 7) : await interleaved(contenders, 4000, 21, 25);
		const engine = stats(rounds.engine);
		const parse = stats(rounds.parse);
		const schemaValidation = stats(rounds.jsonschema);
		line(`engine-${name}`, engine.median, `${UNIT} (min ${engine.min.toFixed(3)}, max ${engine.max.toFixed(3)}, ${rounds.engine.length} rounds, ${text.length} chars)`);
		line(`parse-${name}`, parse.median, `${UNIT} (min ${parse.min.toFixed(3)}, max ${parse.max.toFixed(3)})`);
		line(`jsonschema-${name}`, schemaValidation.median, `${UNIT} (min ${schemaValidation.min.toFixed(3)}, max ${schemaValidation.max.toFixed(3)})`);
		line(`ratio-engine-vs-parse-${name}`, pairedRatio(rounds.engine, rounds.parse), 'x');
		line(`ratio-engine-vs-jsonschema-${name}`, pairedRatio(rounds.engine, rounds.jsonschema), 'x');
		if (rounds.baseline) {
			line(`baseline-engine-${name}`, stats(rounds.baseline).median, UNIT);
			line(`baseline-ratio-engine-vs-parse-${name}`, pairedRatio(rounds.baseline, rounds.parse), 'x');
			line(`baseline-ratio-engine-vs-jsonschema-${name}`, pairedRatio(rounds.baseline, rounds.jsonschema), 'x');
			line(`ratio-engine-vs-baseline-${name}`, pairedRatio(rounds.engine, rounds.baseline), 'x');
		}
	}
}

function rssOf(pid: number): number | undefined {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = /VmRSS:\s+(\d+) kB/.exec(status);
		return kb ? Number(kb[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** CPU time (user + system, all threads) a process has used, in ms (Linux /proc; undefined elsewhere). */
function cpuOf(pid: number): number | undefined {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime are fields 14 and 15 of stat (12 and 13 after the command name), in clock ticks (100 per second).
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return undefined;
	}
}

function loadAverage(): string {
	try {
		return fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
	} catch {
		return '?';
	}
}

async function serverFigures(): Promise<void> {
	const started = performance.now();
	const client = new TestLspClient();
	await client.initialize('push');
	const uri = 'file:///work/space/bench.json';
	let text = generatePolicy(10 * 1024);
	client.open(uri, text);
	await client.pushed(uri, 20000);
	line('server-start-to-first-diagnostics', performance.now() - started, 'ms');
	const rss = rssOf(client.process!.pid!);
	if (rss !== undefined) line('server-rss-after-catalog', rss, 'MB');
	const latencies: number[] = [];
	for (let i = 0; i < 250; i++) {
		const at = text.indexOf('"Statement0"') + 10;
		const t0 = performance.now();
		text = client.edit(uri, text, at, 0, String(i % 10));
		await client.pushed(uri, 20000);
		latencies.push(performance.now() - t0);
	}
	line('keystroke-to-diagnostics-10kb-p50', percentile(latencies, 50), 'ms');
	line('keystroke-to-diagnostics-10kb-p99', percentile(latencies, 99), 'ms');
	await client.stop();
}

/**
 * A Terraform file of about `bytes` characters, as modules write IAM: per role a trust document, a
 * permissions document of 12-action statements, a jsonencode policy, a heredoc policy and their
 * attachments, and some non-IAM resources between them.
 */
export function generateTerraform(bytes: number): string {
	const pool = builtinRequirementSets.find((s) => s.id === 'veeam-aws-full-list')!.actions.map((a) => a.action);
	const parts: string[] = [];
	let size = 0;
	for (let r = 0; size < bytes; r++) {
		const actions = (k: number) => Array.from({ length: 12 }, (_, i) => pool[(r * 37 + k * 12 + i) % pool.length]);
		const statements = [0, 1, 2].map((k) => `  statement {\n    sid    = "S${r}x${k}"\n    effect = "Allow"\n    actions = [\n${actions(k).map((a) => `      "${a}",`).join('\n')}\n    ]\n    resources = ["*"]\n  }\n`).join('\n');
		const block = [
			`# iam-restore-lint: veeam-aws-dynamodb-restore`,
			`resource "aws_iam_role" "role_${r}" {\n  name               = "restore-${r}-\${var.env}"\n  assume_role_policy = data.aws_iam_policy_document.trust_${r}.json\n}\n`,
			`data "aws_iam_policy_document" "trust_${r}" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["backup.amazonaws.com"]\n    }\n  }\n}\n`,
			`data "aws_iam_policy_document" "perm_${r}" {\n${statements}}\n`,
			`resource "aws_iam_role_policy" "perm_${r}" {\n  role   = aws_iam_role.role_${r}.id\n  policy = data.aws_iam_policy_document.perm_${r}.json\n}\n`,
			`resource "aws_iam_policy" "json_${r}" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = [${actions(3).map((a) => `"${a}"`).join(', ')}]\n      Resource = aws_dynamodb_table.t_${r}.arn\n    }]\n  })\n}\n`,
			`resource "aws_iam_role_policy_attachment" "json_${r}" {\n  role       = aws_iam_role.role_${r}.name\n  policy_arn = aws_iam_policy.json_${r}.arn\n}\n`,
			`resource "aws_iam_role_policy" "heredoc_${r}" {\n  role   = aws_iam_role.role_${r}.id\n  policy = <<-EOF\n    {\n      "Version": "2012-10-17",\n      "Statement": [{"Effect": "Allow", "Action": ${JSON.stringify(actions(4))}, "Resource": "arn:aws:dynamodb:*:*:table/\${var.table}"}]\n    }\n  EOF\n}\n`,
			`resource "aws_dynamodb_table" "t_${r}" {\n  name         = "orders-${r}"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n}\n`,
		].join('\n');
		parts.push(block);
		size += block.length + 1;
	}
	return parts.join('\n');
}

export async function terraformFigures(): Promise<void> {
	const loadStart = performance.now();
	// Full parses only: the engine's figure is then parse + read + analysis, comparable with a bare parse.
	const parser = new HclParser(readTreeSitterWasm, { incremental: false });
	await parser.load();
	line('tree-sitter-load', performance.now() - loadStart, 'ms');
	// Nothing reused between runs either: every run reads every block and evaluates every role.
	const checker = createChecker(builtinRequirementSets, { catalog: () => loadActionCatalog(), syntaxes: [hclSyntax(parser, { reuse: false })], managedPolicy: managedPolicyResolver(() => loadManagedPolicies()), reuseResults: false });
	const bare = new Parser();
	parser.withTree('', (tree) => bare.setLanguage(tree.language));
	for (const [name, bytes] of [['100kb', 100 * 1024], ['300kb', 300 * 1024]] as const) {
		const text = generateTerraform(bytes);
		let flip = 0;
		// Two texts that differ at the end, alternately: no cached tree is ever reused.
		const texts = [text, text + ' '];
		const rounds = await interleaved({ engine: () => checker.analyze(texts[flip++ % 2], { syntax: 'hcl' }), parse: () => bare.parse(text)?.delete() }, 4000, 9);
		const engine = stats(rounds.engine);
		const parse = stats(rounds.parse);
		line(`engine-terraform-${name}`, engine.median, `${UNIT} (min ${engine.min.toFixed(2)}, max ${engine.max.toFixed(2)}, ${text.length} chars)`);
		line(`parse-terraform-${name}`, parse.median, `${UNIT} (tree-sitter alone; min ${parse.min.toFixed(2)}, max ${parse.max.toFixed(2)})`);
		line(`ratio-engine-vs-parse-terraform-${name}`, pairedRatio(rounds.engine, rounds.parse), 'x');
	}
	bare.delete();
	const noIam = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'.repeat(3000);
	const skipped = await measure(() => checker.analyze(noIam, { syntax: 'hcl' }), 1000);
	line('engine-terraform-without-iam', skipped.median, `ms (${noIam.length} chars, not parsed)`);
}

export async function terraformServerFigures(): Promise<void> {
	const client = new TestLspClient();
	await client.initialize('push');
	const uri = 'file:///work/space/bench.tf';
	let text = generateTerraform(100 * 1024);
	client.open(uri, text, 'terraform');
	const first = await client.pushed(uri, 60000);
	// A check that checked nothing would be fast: the file's roles must have produced findings.
	if (first.length === 0) throw new Error('no diagnostics for the Terraform file: the server did not check it');
	line('terraform-100kb-diagnostics', first.length, 'diagnostics');
	const latencies: number[] = [];
	const cpuBefore = cpuOf(client.process!.pid!);
	// Typing inside the first action name of a statement of the first permissions document (after its
	// service prefix: each keystroke changes the role's findings). The place is found once: what is
	// typed changes the text it would be found by.
	const statement = text.indexOf('"S0x1"');
	const typed = text.indexOf(':', text.indexOf('actions = [', statement)) + 1;
	for (let i = 0; i < 150; i++) {
		const at = typed + i;
		const t0 = performance.now();
		text = client.edit(uri, text, at, 0, String(i % 10));
		await client.pushed(uri, 20000);
		latencies.push(performance.now() - t0);
	}
	const cpuAfter = cpuOf(client.process!.pid!);
	line('keystroke-to-diagnostics-terraform-100kb-p50', percentile(latencies, 50), 'ms');
	line('keystroke-to-diagnostics-terraform-100kb-p99', percentile(latencies, 99), 'ms');
	// CPU the server spent per keystroke (all its threads, clock ticks of 10 ms summed over the 150):
	// close to the latency on an idle machine, whatever the load is now.
	if (cpuBefore !== undefined && cpuAfter !== undefined) line('keystroke-server-cpu-terraform-100kb-mean', (cpuAfter - cpuBefore) / latencies.length, `ms (load average ${loadAverage()})`);
	await client.stop();
}

/**
 * A CloudFormation YAML template of about `bytes`: per block a role (trust, an inline policy of
 * 12-action statements, a !GetAtt resource), a managed policy attached with !Ref, and non-IAM
 * resources with short tags between them.
 */
export function generateCloudFormation(bytes: number): string {
	const pool = builtinRequirementSets.find((s) => s.id === 'veeam-aws-full-list')!.actions.map((a) => a.action);
	const parts = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
	let size = 0;
	for (let r = 0; size < bytes; r++) {
		const actions = (k: number, indent: string) => Array.from({ length: 12 }, (_, i) => `${indent}- ${pool[(r * 37 + k * 12 + i) % pool.length]}`).join('\n');
		const statements = [0, 1, 2].map((k) => `              - Sid: S${r}x${k}\n                Effect: Allow\n                Action:\n${actions(k, '                  ')}\n                Resource: '*'`).join('\n');
		const block = [
			`  Role${r}:\n    Type: AWS::IAM::Role\n    Metadata:\n      iam-restore-lint:\n        scenarios: [veeam-aws-dynamodb-restore]\n    Properties:\n      RoleName: !Sub 'restore-${r}-\${AWS::Region}'\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: backup.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Ref Managed${r}\n      Policies:\n        - PolicyName: perm\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n${statements}`,
			`  Managed${r}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: [${Array.from({ length: 12 }, (_, i) => pool[(r * 41 + i) % pool.length]).join(', ')}]\n            Resource: !GetAtt Table${r}.Arn`,
			`  Table${r}:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Sub 'orders-${r}-\${AWS::StackName}'\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH`,
		].join('\n');
		parts.push(block);
		size += block.length + 1;
	}
	return parts.join('\n') + '\n';
}

/** CloudFormation YAML: the engine (parse + read + roles + analysis) against the `yaml` package's bare parse. */
export async function cloudFormationFigures(): Promise<void> {
	// Every run evaluates every role (no results reused from the previous run of the same text).
	const checker = createChecker(builtinRequirementSets, { catalog: () => loadActionCatalog(), managedPolicy: managedPolicyResolver(() => loadManagedPolicies()), reuseResults: false });
	for (const [name, bytes] of [['100kb', 100 * 1024], ['1mb', 1024 * 1024]] as const) {
		const text = generateCloudFormation(bytes);
		const first = checker.analyze(text, { syntax: 'yaml' });
		// A check that checked nothing would be fast: every role must have been evaluated.
		if (first.kind !== 'template' || !first.roles?.length || first.roles.some((r) => r.scenarios.length === 0)) throw new Error('the CloudFormation template was not checked');
		const rounds = await interleaved({ engine: () => checker.analyze(text, { syntax: 'yaml' }), parse: () => parseYamlDocument(text, { customTags: CLOUDFORMATION_TAGS, uniqueKeys: false }) }, 5000, 7);
		const engine = stats(rounds.engine);
		const parse = stats(rounds.parse);
		line(`engine-cloudformation-${name}`, engine.median, `${UNIT} (min ${engine.min.toFixed(2)}, max ${engine.max.toFixed(2)}, ${text.length} chars, ${first.roles.length} roles, ${first.findings.length} findings)`);
		line(`parse-cloudformation-${name}`, parse.median, `${UNIT} (yaml parseDocument alone; min ${parse.min.toFixed(2)}, max ${parse.max.toFixed(2)})`);
		line(`ratio-engine-vs-parse-cloudformation-${name}`, pairedRatio(rounds.engine, rounds.parse), 'x');
	}
	const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n'.repeat(2000);
	const skipped = await measure(() => checker.analyze(manifest, { syntax: 'yaml' }), 1000);
	line('engine-yaml-without-iam', skipped.median, `ms (${manifest.length} chars, a Kubernetes-like manifest, not parsed)`);
}

async function main(): Promise<void> {
	await engineFigures();
	if (process.argv.includes('--engine-only')) return;
	await serverFigures();
	await terraformFigures();
	await terraformServerFigures();
	await cloudFormationFigures();
	const vsix = path.join(repoRoot, 'iam-restore-lint.vsix');
	if (fs.existsSync(vsix)) line('vsix-size', fs.statSync(vsix).size / 1024, 'KB');
}

if (require.main === module)
	main().catch((e) => {
		console.error(e);
		process.exitCode = 1;
	});
