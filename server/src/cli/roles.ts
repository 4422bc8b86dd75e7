import * as path from 'path';
import type { Checker, RoleAnalysis, RoleDocument } from '../engine';
import { FileReport, makeFileReport } from './report/model';

/**
 * `--role FILE`: a JSON file naming the policy files that together form one IAM role, its trust
 * policy and the scenarios it must satisfy (paths relative to the role file):
 * `{ "name": "VeeamRestore", "policies": ["a.json", "b.json"], "trust": "trust.json", "scenarios": ["veeam-aws-full-list"] }`
 */
export interface RoleSpec {
	name: string;
	policies: string[];
	trust?: string;
	scenarios: string[];
}

export interface RoleReport {
	file: string;
	analysis: RoleAnalysis;
	/** Paths of the role's documents, same order as `analysis.documents`. */
	paths: string[];
	/** The file reports of the role's documents. */
	reports: FileReport[];
}

function isStringArray(v: unknown): v is string[] {
	return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0);
}

export function parseRoleSpec(text: string, file: string): RoleSpec | string {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (e) {
		return `not valid JSON (${(e as Error).message})`;
	}
	const r = raw as Partial<RoleSpec>;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'a role file must be a JSON object';
	if (!isStringArray(r.policies) || r.policies.length === 0) return '"policies" must list at least one policy file';
	if (r.trust !== undefined && typeof r.trust !== 'string') return '"trust" must be a file path';
	if (!isStringArray(r.scenarios) || r.scenarios.length === 0) return '"scenarios" must list at least one scenario id';
	return { name: typeof r.name === 'string' && r.name ? r.name : path.basename(file, '.json'), policies: r.policies, trust: r.trust, scenarios: r.scenarios };
}

/** Reads a role file and every file it names, then checks the role as a whole. */
export function checkRole(checker: Checker, file: string, read: (f: string) => { text: string } | { error: string }): RoleReport | string {
	const spec = read(file);
	if ('error' in spec) return spec.error;
	const role = parseRoleSpec(spec.text, file);
	if (typeof role === 'string') return role;
	const unknown = role.scenarios.filter((id) => !checker.getRequirementSet(id));
	if (unknown.length > 0) return `unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}`;
	const base = path.dirname(file);
	const load = (p: string): RoleDocument | string => {
		const full = path.join(base, p);
		const r = read(full);
		return 'error' in r ? `${full}: ${r.error}` : { name: full, text: r.text };
	};
	const policies = role.policies.map(load);
	const trust = role.trust ? load(role.trust) : undefined;
	const problem = [...policies, trust].find((d): d is string => typeof d === 'string');
	if (problem) return problem;
	const analysis = checker.analyzeRole({ name: role.name, policies: policies as RoleDocument[], trust: trust as RoleDocument | undefined, scenarios: role.scenarios });
	const paths = analysis.documents.map((d) => d.name);
	return { file, analysis, paths, reports: analysis.documents.map((d) => makeFileReport(d.name, d.analysis)) };
}
