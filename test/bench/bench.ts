/**
 * `npm run bench`: speed figures, one per line as `bench: NAME VALUE UNIT` (medians of repeated
 * runs, with min and max). Not part of the tests: timings vary by machine; ratios are what matter.
 *
 * Sizes: generated policies of 1 KB, 6 KB, 10 KB, 100 KB, 1 MB and 2 MB made of real actions.
 * Compared with: jsonc-parser's bare parseTree on the same text, and vscode-json-languageservice's
 * doValidation with our IAM policy JSON schema (what VS Code's JSON support does on a keystroke).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseTree } from 'jsonc-parser';
import { getLanguageService, TextDocument as JsonDocument } from 'vscode-json-languageservice';
import { createChecker } from '../../server/src/engine';
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

async function engineFigures(): Promise<void> {
	const loadStart = performance.now();
	const catalog = loadActionCatalog();
	line('catalog-load', performance.now() - loadStart, 'ms');
	const checker = createChecker(builtinRequirementSets, { catalog: () => catalog });
	const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'iam-policy.schema.json'), 'utf8'));
	const json = getLanguageService({});
	json.configure({ validate: true, schemas: [{ uri: 'iam-policy.schema.json', fileMatch: ['*.json'], schema }] });
	for (const [name, bytes] of SIZES) {
		const text = generatePolicy(bytes);
		const budget = bytes > 500_000 ? 4000 : 1500;
		const engine = await measure(() => checker.analyze(text), budget);
		const parse = await measure(() => parseTree(text, [], { allowTrailingComma: false, disallowComments: true }), budget);
		const document = JsonDocument.create('file:///policy.json', 'json', 1, text);
		const schemaValidation = await measure(() => json.doValidation(document, json.parseJSONDocument(document)), budget);
		line(`engine-${name}`, engine.median, `ms (min ${engine.min.toFixed(3)}, max ${engine.max.toFixed(3)}, ${text.length} chars)`);
		line(`parse-${name}`, parse.median, `ms (min ${parse.min.toFixed(3)}, max ${parse.max.toFixed(3)})`);
		line(`jsonschema-${name}`, schemaValidation.median, `ms (min ${schemaValidation.min.toFixed(3)}, max ${schemaValidation.max.toFixed(3)})`);
		line(`ratio-engine-vs-parse-${name}`, engine.median / parse.median, 'x');
		line(`ratio-engine-vs-jsonschema-${name}`, engine.median / schemaValidation.median, 'x');
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

async function main(): Promise<void> {
	await engineFigures();
	await serverFigures();
	const vsix = path.join(repoRoot, 'iam-restore-lint.vsix');
	if (fs.existsSync(vsix)) line('vsix-size', fs.statSync(vsix).size / 1024, 'KB');
}

if (require.main === module)
	main().catch((e) => {
		console.error(e);
		process.exitCode = 1;
	});
