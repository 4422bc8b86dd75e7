import picomatch from 'picomatch';
import { DEFAULT_SETTINGS, IamRestoreLintSettings, RoleSetting, SeverityOverride } from '../shared/settings';
import type { AnalyzeOptions, HostSyntaxId } from '../engine';

const SEVERITIES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Settings as any client may send them (partial, wrong types, null) → a complete, typed object. */
export function normalizeSettings(raw: unknown): IamRestoreLintSettings {
	const r = isRecord(raw) ? raw : {};
	const scenarios: Record<string, string[]> = {};
	if (isRecord(r.scenarios))
		for (const [glob, ids] of Object.entries(r.scenarios)) {
			const list = Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : [];
			scenarios[glob] = list.filter((id): id is string => typeof id === 'string');
		}
	const severity: Record<string, SeverityOverride> = {};
	if (isRecord(r.severity))
		for (const [code, level] of Object.entries(r.severity))
			if (SEVERITIES.includes(level as SeverityOverride)) severity[code] = level as SeverityOverride;
	const roles: Record<string, RoleSetting> = {};
	if (isRecord(r.roles))
		for (const [name, role] of Object.entries(r.roles)) {
			if (!isRecord(role)) continue;
			const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);
			const policies = strings(role.policies);
			if (policies.length === 0) continue;
			roles[name] = { policies, trust: typeof role.trust === 'string' && role.trust ? role.trust : undefined, scenarios: strings(role.scenarios) };
		}
	return {
		roles,
		enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
		autoDetect: typeof r.autoDetect === 'boolean' ? r.autoDetect : DEFAULT_SETTINGS.autoDetect,
		scenarios,
		requirementSets: Array.isArray(r.requirementSets) ? r.requirementSets.filter((p): p is string => typeof p === 'string' && p.length > 0) : [],
		severity,
		userPaths: Array.isArray(r.userPaths) ? r.userPaths.filter((p): p is string => typeof p === 'string' && p.length > 0) : [],
	};
}

/** Compiled glob matchers, kept per glob string (settings change rarely, documents often). */
const matchers = new Map<string, (path: string) => boolean>();
function globMatcher(glob: string, nocase: boolean): (path: string) => boolean {
	const key = `${nocase ? 'i' : 's'}:${glob}`;
	let m = matchers.get(key);
	if (!m) {
		try {
			m = picomatch(glob, { dot: true, nocase });
		} catch {
			m = () => false;
		}
		matchers.set(key, m);
	}
	return m;
}

/**
 * The one translation from settings to engine options: the engine never sees raw settings.
 * `relativePath` is the document's path relative to its workspace folder, with forward slashes,
 * or undefined for untitled documents; `nocase` matches the globs without regard to case
 * (Windows paths).
 */
export function toAnalyzeOptions(settings: IamRestoreLintSettings, relativePath: string | undefined, nocase = false): AnalyzeOptions & { matchedGlobs: string[] } {
	const ids = new Set<string>();
	const matchedGlobs: string[] = [];
	const byName: Record<string, string[]> = {};
	if (relativePath !== undefined) {
		for (const [key, scenarioIds] of Object.entries(settings.scenarios)) {
			// `glob#NAME` picks one role or policy of a template (a CloudFormation logical id, a Terraform address).
			const hash = key.lastIndexOf('#');
			const glob = hash > 0 ? key.slice(0, hash) : key;
			const name = hash > 0 ? key.slice(hash + 1) : undefined;
			if (!globMatcher(glob, nocase)(relativePath)) continue;
			matchedGlobs.push(key);
			if (name) byName[name] = [...new Set([...(byName[name] ?? []), ...scenarioIds])];
			else for (const id of scenarioIds) ids.add(id);
		}
	}
	return { scenarios: [...ids], autoDetect: settings.autoDetect, matchedGlobs, ...(Object.keys(byName).length > 0 ? { scenariosByName: byName } : {}) };
}

/** The host syntax of a document, from its language id (and, for plain text, its extension). */
export function syntaxOf(languageId: string, uri: string): HostSyntaxId {
	if (languageId === 'yaml' || languageId === 'cloudformation' || /\.ya?ml$/i.test(uri)) return 'yaml';
	if (languageId === 'terraform' || languageId === 'hcl' || languageId === 'terraform-vars' || /\.(tf|hcl)$/i.test(uri)) return 'hcl';
	return 'json';
}
