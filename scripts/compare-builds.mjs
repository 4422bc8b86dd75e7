// `node scripts/compare-builds.mjs DIR [--random N]`: does this checkout's engine give the same
// answers as the one built in DIR (another checkout, `npm ci && npm run compile-tests` there)? For
// work meant to change speed and nothing else. Both builds judge the policy and template files under
// test/ and N seeded random policies (Deny, NotAction, NotResource, Conditions, wildcards, mixed case):
// every built-in scenario's per-action verdicts (status and deciding statements) of each JSON policy,
// and every finding of whole analyses (JSON, YAML and Terraform, inferred and explicit scenarios).
// Prints the first differences; exits 1 if there are any.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const other = args[0] && !args[0].startsWith('--') ? path.resolve(args[0]) : undefined;
const randomAt = args.indexOf('--random');
const randomCount = randomAt >= 0 ? Number(args[randomAt + 1]) : 600;
if (!other || !Number.isInteger(randomCount) || randomCount < 0) {
	console.error('usage: node scripts/compare-builds.mjs DIR [--random N]   (DIR: another checkout, built with npm ci && npm run compile-tests)');
	process.exit(2);
}

async function loadBuild(root) {
	const out = path.join(root, 'out');
	if (!fs.existsSync(path.join(out, 'server', 'src', 'engine', 'index.js'))) throw new Error(`${root}: no built engine in out/ (run npm run compile-tests there)`);
	const require = createRequire(path.join(out, 'index.js'));
	const load = (module) => require(path.join(out, 'server', 'src', module));
	const engine = load('engine');
	const catalog = load('node/catalogFile').loadActionCatalog();
	const { builtinRequirementSets } = load('scenarios');
	// Terraform where the build reads it (an older build may not).
	let syntaxes = [];
	if (fs.existsSync(path.join(out, 'server', 'src', 'engine', 'host', 'hclSyntax.js'))) {
		const parser = new (load('engine/syntax/treeSitter').HclParser)(load('node/treeSitterFiles').readTreeSitterWasm);
		await parser.load();
		syntaxes = [load('engine/host/hclSyntax').hclSyntax(parser)];
	}
	const sets = builtinRequirementSets.map(load('engine/requirements').compileRequirementSet);
	return {
		hcl: syntaxes.length > 0,
		checker: engine.createChecker(builtinRequirementSets, { catalog: () => catalog, syntaxes }),
		catalog,
		sets,
		index: new (load('engine/actionIndex').RequirementIndex)(sets),
		parse: load('engine/parse').parseDocument,
		model: load('engine/policyModel').buildPolicyModel,
		evaluate: load('engine/scenarioCheck').evaluateScenario,
	};
}

const here = await loadBuild(process.cwd());
const there = await loadBuild(other);

function filesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? filesUnder(p) : /\.(json|ya?ml|tf)$/.test(e.name) ? [p] : [];
	});
}

// mulberry32, as test/support/random.ts: the same inputs on every run.
function prng(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const random = prng(20261202);
const pick = (list) => list[Math.floor(random() * list.length)];
const actions = [...new Set(here.sets.flatMap((c) => c.actions))];
const resources = [
	'*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*', 'arn:aws:dynamodb:us-east-1:123456789012:table/T', 'arn:aws:dynamodb:*:*:table/*',
	'arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*::snapshot/*', 'arn:aws:iam::*:role/veeam_rto_*', 'arn:aws:kms:*:*:key/*',
	'arn:aws:backup:*:*:backup-vault:*', 'arn:aws:backup:*:*:recovery-point:*', 'arn:aws:rds:*:*:db:*', 'arn:aws:ec2:*:*:*', 'arn:aws:*:*:*:*',
];
const conditions = [
	{ StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
	{ StringLike: { 'aws:CalledVia': ['backup.amazonaws.com'] } },
	{ Bool: { 'aws:SecureTransport': 'true' } },
	{ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
	{ StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
	{ StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
];
function randomAction() {
	const a = pick(actions);
	const r = random();
	if (r < 0.08) return `${a.split(':')[0]}:*`;
	if (r < 0.16) return `${a.slice(0, Math.max(a.indexOf(':') + 2, a.length - 4))}*`;
	return r < 0.22 ? a.toUpperCase() : a;
}
function randomPolicy() {
	const pool = Array.from({ length: 40 }, randomAction);
	const Statement = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
		const s = { Effect: random() < 0.2 ? 'Deny' : 'Allow' };
		const listed = Array.from({ length: 1 + Math.floor(random() * 12) }, () => (random() < 0.5 ? pick(pool) : randomAction()));
		s[random() < 0.06 ? 'NotAction' : 'Action'] = listed.length === 1 ? listed[0] : listed;
		const scoped = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(resources));
		s[random() < 0.06 ? 'NotResource' : 'Resource'] = scoped.length === 1 ? scoped[0] : scoped;
		if (random() < 0.15) s.Condition = pick(conditions);
		return s;
	});
	return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}

const hcl = here.hcl && there.hcl;
if (!hcl) console.log('compare-builds: one of the builds does not read Terraform; .tf files are left out');
const inputs = filesUnder(path.join(process.cwd(), 'test'))
	.filter((file) => hcl || !file.endsWith('.tf'))
	.map((file) => ({ name: path.relative(process.cwd(), file), text: fs.readFileSync(file, 'utf8') }));
const fileCount = inputs.length;
for (let i = 0; i < randomCount; i++) inputs.push({ name: `random policy ${i}`, text: randomPolicy() });

const explicit = ['veeam-aws-full-list', 'aws-backup-restores-managed'];
const ids = (statements) => statements.map((s) => s.index).join(',');
const differences = [];
let verdicts = 0;
let analyses = 0;
for (const { name, text } of inputs) {
	const syntax = name.endsWith('.tf') ? 'hcl' : /\.ya?ml$/.test(name) ? 'yaml' : 'json';
	if (syntax === 'json') {
		const [a, b] = [here, there].map((build) => {
			const parsed = build.parse(text);
			return parsed.root && build.model(parsed.root, parsed.text);
		});
		if (a && b && a.kind === 'identity')
			for (const set of here.sets) {
				// Scenarios of the same id (a build may have more or fewer).
				const theirs = there.sets.find((t) => t.set.id === set.set.id);
				if (!theirs) continue;
				const x = here.evaluate(a.statements, set, here.index, { catalog: here.catalog });
				const y = there.evaluate(b.statements, theirs, there.index, { catalog: there.catalog });
				for (let i = 0; i < x.length; i++) {
					verdicts++;
					const mine = `${x[i].status} by ${ids(x[i].by)} also ${ids(x[i].also)}`;
					const otherVerdict = y[i] ? `${y[i].status} by ${ids(y[i].by)} also ${ids(y[i].also)}` : 'no such action';
					if (mine !== otherVerdict) differences.push(`${name}: ${set.set.id} ${x[i].action}: ${mine}; ${other}: ${otherVerdict}`);
				}
			}
	}
	for (const options of [{ syntax }, { syntax, scenarios: explicit }]) {
		analyses++;
		const mine = JSON.stringify(here.checker.analyze(text, options).findings);
		if (mine !== JSON.stringify(there.checker.analyze(text, options).findings)) differences.push(`${name}: findings differ (${JSON.stringify(options)})`);
	}
}
console.log(`compare-builds: ${fileCount} files under test/ and ${randomCount} random policies; ${verdicts} per-action verdicts and ${analyses} analyses compared with ${other}: ${differences.length} differences`);
for (const d of differences.slice(0, 10)) console.log(`  ${d}`);
process.exit(differences.length > 0 ? 1 : 0);
