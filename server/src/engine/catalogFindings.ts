import { catalogLabel, type ActionCatalog } from './catalog';
import { DiagnosticCode } from './codes';
import { statementMatchesAction } from './evaluate';
import { actionShapeProblem } from './actionShape';
import { globCovers, globMatch, hasWildcard, isMatchAll } from './patterns';
import { coversEveryResource, nodeSpan, propertyKey, propertyValue, type PolicyModel, type Statement, type StringValue, statementLabel } from './policyModel';
import { scenarioLabel } from './requirements';
import type { CompiledRequirementSet } from './requirements';
import type { Finding } from './types';

/**
 * Findings about the action names themselves: checked against the AWS catalog (unknown service,
 * unknown action, casing, wildcards that grant nothing), plus two that need no catalog: actions a
 * wildcard in the same statement already grants, and iam:PassRole on every resource.
 */

function quoted(list: readonly string[]): string {
	return list.map((s) => `"${s}"`).join(', ');
}

function didYouMean(suggestions: readonly string[]): string {
	if (suggestions.length === 0) return '';
	return ` Did you mean ${suggestions.length === 1 ? quoted(suggestions) : `one of ${quoted(suggestions)}`}?`;
}

/** Unknown service or action, non-canonical casing, a wildcard that matches nothing. */
/** "Did you mean" costs an edit-distance scan; a document gets this many, then plain findings. */
const SUGGESTION_BUDGET = 50;
/** Catalog findings per document; past this, one summary (a generated 80,000-entry list must not flood the editor). */
const CATALOG_FINDINGS_LIMIT = 200;

/** Strings known to be canonical action names: the common case (a correct name) is one lookup. */
const canonicalSeen = new WeakMap<ActionCatalog, Set<string>>();
const MAX_CANONICAL_SEEN = 50000;
function isCanonical(catalog: ActionCatalog, action: string): boolean {
	let seen = canonicalSeen.get(catalog);
	if (!seen) canonicalSeen.set(catalog, (seen = new Set()));
	if (seen.has(action)) return true;
	if (hasWildcard(action) || catalog.canonicalName(action) !== action) return false;
	if (seen.size >= MAX_CANONICAL_SEEN) seen.clear();
	seen.add(action);
	return true;
}

function catalogValueFinding(catalog: ActionCatalog, value: StringValue, budget: { left: number }): Finding | undefined {
	const action = value.value.trim();
	if (isCanonical(catalog, action)) return undefined;
	if (action === '*' || actionShapeProblem(value.value)) return undefined;
	const span = nodeSpan(value.node);
	const colon = action.indexOf(':');
	const prefix = action.slice(0, colon);
	const where = catalogLabel(catalog.info);
	if (!hasWildcard(prefix) && !catalog.service(prefix)) {
		const services = budget.left-- > 0 ? catalog.suggestServices(prefix) : [];
		const suggestions = services.length === 0 ? [] : hasWildcard(action) ? services.map((s) => `${s}:${action.slice(colon + 1)}`) : catalog.suggestActions(action);
		return {
			code: DiagnosticCode.ActionUnknownService,
			severity: 'warning',
			message: `Unknown service prefix "${prefix}" in "${action}": no AWS service has it (${where}), so this grants nothing.${didYouMean(suggestions)}`,
			span,
			data: { service: prefix, services, suggestions },
		};
	}
	if (hasWildcard(action)) {
		if (catalog.expand(action).length > 0) return undefined;
		return {
			code: DiagnosticCode.ActionWildcardNoMatch,
			severity: 'warning',
			message: `"${action}" matches no action (${where}): it grants nothing.`,
			span,
			data: { pattern: action },
		};
	}
	const canonical = catalog.canonicalName(action);
	if (!canonical) {
		const suggestions = budget.left-- > 0 ? catalog.suggestActions(action) : [];
		const service = catalog.service(prefix)!;
		return {
			code: DiagnosticCode.ActionUnknown,
			severity: 'warning',
			message: `"${action}" is not an action of ${service.name} (${where}): it grants nothing.${didYouMean(suggestions)}`,
			span,
			data: { suggestions },
		};
	}
	if (canonical !== action) {
		return {
			code: DiagnosticCode.ActionCase,
			severity: 'hint',
			message: `AWS writes "${action}" as "${canonical}". Action names are case-insensitive, so it works, but the canonical spelling is easier to search and compare.`,
			span,
			data: { replacement: canonical },
		};
	}
	return undefined;
}

/** How many casing fixes a message names before "and N more" (the rest are in `data` and `related`). */
const CASING_LISTED = 5;

/**
 * The casing hints of one statement as one finding, fixed all at once: a list copied from a page
 * that writes every name its own way gets one hint per statement, not one per name (issue 12).
 * One name keeps the single-name shape (`data.replacement`); several carry `data.replacements`
 * and `data.spans`, one per name, for the fix.
 */
function casingFinding(statement: Statement, casing: readonly { value: StringValue; finding: Finding }[]): Finding {
	if (casing.length === 1) return casing[0].finding;
	const pairs = casing.map(({ value, finding }) => ({ from: value.value.trim(), to: finding.data!.replacement as string, span: finding.span }));
	const n = pairs.length;
	const listed = pairs.slice(0, CASING_LISTED).map((p) => `"${p.from}" as "${p.to}"`);
	return {
		code: DiagnosticCode.ActionCase,
		severity: 'hint',
		message: `AWS writes ${n} action names of ${statementLabel(statement)} otherwise: ${listed.join(', ')}${n > CASING_LISTED ? `, and ${n - CASING_LISTED} more` : ''}. Action names are case-insensitive, so they work, but the canonical spelling is easier to search and compare.`,
		span: pairs[0].span,
		related: pairs.map((p) => ({ span: p.span, message: `AWS writes "${p.from}" as "${p.to}"` })),
		data: { statement: statement.index, replacements: pairs.map((p) => p.to), spans: pairs.map((p) => p.span) },
	};
}

/** Wildcards compared per service bucket: enough for any real policy, bounded for pathological ones. */
const MAX_WILDCARDS_PER_SERVICE = 256;

/**
 * Entries of one Action/NotAction list that another (wildcard) entry of the same list already
 * matches. Exact duplicates are left to `action-duplicate`; of two wildcards that cover each
 * other, only the later one is redundant. Each entry is compared only with the wildcards of its
 * own service (and those with a wildcard service), so long lists stay linear.
 */
function redundantEntries(values: readonly StringValue[]): { value: StringValue; by: StringValue }[] {
	// Most lists have no wildcard at all, so nothing can be redundant.
	if (!values.some((v) => hasWildcard(v.value))) return [];
	const usable = values.filter((v) => !actionShapeProblem(v.value));
	const lower = usable.map((v) => v.value.trim().toLowerCase());
	const serviceOf = (a: string) => {
		const colon = a.indexOf(':');
		return colon < 0 || hasWildcard(a.slice(0, colon)) ? '' : a.slice(0, colon);
	};
	const buckets = new Map<string, number[]>();
	lower.forEach((a, j) => {
		if (!hasWildcard(a)) return;
		const key = serviceOf(a);
		const list = buckets.get(key) ?? [];
		if (list.length < MAX_WILDCARDS_PER_SERVICE) list.push(j);
		buckets.set(key, list);
	});
	if (buckets.size === 0) return [];
	const out: { value: StringValue; by: StringValue }[] = [];
	const perService = new Map<string, number[]>();
	usable.forEach((v, i) => {
		const service = serviceOf(lower[i]);
		let candidates = perService.get(service);
		if (!candidates) perService.set(service, (candidates = service === '' ? [...buckets.values()].flat() : [...(buckets.get(service) ?? []), ...(buckets.get('') ?? [])]));
		for (const j of candidates) {
			if (j === i || lower[j] === lower[i]) continue;
			if (!globCovers(lower[j], lower[i])) continue;
			// Mutual coverage (`ec2:Get*` and `ec2:Get**`): keep the first, report the later.
			if (j > i && globCovers(lower[i], lower[j])) continue;
			out.push({ value: v, by: usable[j] });
			return;
		}
	});
	return out;
}

function redundantFinding(statement: Statement): Finding | undefined {
	const list = statement.action;
	if (!list || list.values.length < 2) return undefined;
	const redundant = redundantEntries(list.values);
	if (redundant.length === 0) return undefined;
	const n = redundant.length;
	const names = redundant.slice(0, 5).map((r) => `${r.value.value.trim()} (by "${r.by.value.trim()}")`);
	return {
		code: DiagnosticCode.ActionRedundant,
		severity: 'hint',
		message: `${n} entr${n === 1 ? 'y' : 'ies'} in "${list.key}" of ${statementLabel(statement)} ${n === 1 ? 'is' : 'are'} already covered by a wildcard in the same list: ${names.join(', ')}${n > 5 ? `, and ${n - 5} more` : ''}.`,
		span: nodeSpan(list.property.children?.[0] ?? list.property),
		related: redundant.map((r) => ({ span: nodeSpan(r.value.node), message: `"${r.value.value.trim()}" is covered by "${r.by.value.trim()}"` })),
		data: {
			statement: statement.index,
			actions: redundant.map((r) => r.value.value.trim()),
			coveredBy: redundant.map((r) => r.by.value.trim()),
			spans: redundant.map((r) => nodeSpan(r.value.node)),
		},
	};
}

/** True when the Condition of a statement tests iam:PassedToService, the mitigation AWS recommends. */
function limitsPassedService(statement: Statement): boolean {
	const condition = statement.condition;
	if (!condition || condition.type !== 'object') return false;
	for (const operator of condition.children ?? []) {
		const keys = propertyValue(operator);
		if (keys?.type === 'object' && (keys.children ?? []).some((k) => propertyKey(k).toLowerCase() === 'iam:passedtoservice')) return true;
	}
	return false;
}

const PASS_ROLE = 'iam:passrole';

/**
 * iam:PassRole allowed on every resource lets the principal hand any role to any service (IAM
 * Access Analyzer's "PassRole with star in resource"). The Veeam scenarios need it on "*", so a
 * checked scenario that requires it turns the warning into information that says so.
 */
function passRoleFinding(model: PolicyModel, statement: Statement, scenarios: readonly CompiledRequirementSet[]): Finding | undefined {
	if (model.kind !== 'identity' || statement.effect !== 'Allow' || !statement.action || !statement.resource) return undefined;
	const everywhere = coversEveryResource(statement) || statement.resource.key === 'NotResource';
	if (!everywhere || !statementMatchesAction(statement, PASS_ROLE) || limitsPassedService(statement)) return undefined;
	const values = statement.action.values;
	const listed =
		statement.action.key === 'Action'
			? values.find((v) => v.value.trim().toLowerCase() === PASS_ROLE) ?? values.find((v) => globMatch(v.value.trim().toLowerCase(), PASS_ROLE))
			: undefined;
	const span = nodeSpan(listed?.node ?? statement.action.property.children?.[0] ?? statement.action.property);
	const needing = scenarios.filter((s) => s.lowerSet.has(PASS_ROLE));
	const how = listed && isMatchAll(listed.value.trim()) ? `"${listed.value.trim()}" grants iam:PassRole` : listed && hasWildcard(listed.value) ? `"${listed.value.trim()}" includes iam:PassRole` : 'iam:PassRole';
	const resource = statement.resource.key === 'NotResource' ? 'with "NotResource"' : 'on "Resource": "*"';
	const risk = `${how} ${resource} (${statementLabel(statement)}) lets the principal pass any role, including more privileged ones, to any AWS service; IAM Access Analyzer warns about it.`;
	if (needing.length > 0) {
		const labels = needing.map((s) => scenarioLabel(s.set)).join(', ');
		return {
			code: DiagnosticCode.PassRoleWildcardResource,
			severity: 'information',
			message: `${risk} Expected here: ${labels} require${needing.length === 1 ? 's' : ''} iam:PassRole, and ${needing.length === 1 ? 'its source grants' : 'their sources grant'} it on "*". To narrow it, list the role ARNs the restore passes or add a Condition on iam:PassedToService.`,
			span,
			data: { scenarios: needing.map((s) => s.set.id), statement: statement.index },
		};
	}
	return {
		code: DiagnosticCode.PassRoleWildcardResource,
		severity: 'warning',
		message: `${risk} List the role ARNs that may be passed in "Resource", or add a Condition on iam:PassedToService.`,
		span,
		data: { scenarios: [], statement: statement.index },
	};
}

/** Findings about action names for a policy document; catalog checks only when a catalog is given. */
/** `scenarios`: the sets the policy is checked against (also those of a role it is part of). */
export function actionFindings(model: PolicyModel, catalog: ActionCatalog | undefined, scenarios: readonly CompiledRequirementSet[]): Finding[] {
	const findings: Finding[] = [];
	const budget = { left: SUGGESTION_BUDGET };
	let reported = 0;
	let unreported = 0;
	let firstUnreported: StringValue | undefined;
	for (const statement of model.statements) {
		const list = statement.action;
		if (!list) continue;
		if (catalog) {
			const casing: { value: StringValue; finding: Finding }[] = [];
			for (const value of list.values) {
				const f = catalogValueFinding(catalog, value, budget);
				if (!f) continue;
				if (f.code === DiagnosticCode.ActionCase) casing.push({ value, finding: f });
				else if (reported++ < CATALOG_FINDINGS_LIMIT) findings.push(f);
				else if (unreported++ === 0) firstUnreported = value;
			}
			if (casing.length > 0) findings.push(casingFinding(statement, casing));
		}
		const redundant = redundantFinding(statement);
		if (redundant) findings.push(redundant);
		const passRole = passRoleFinding(model, statement, scenarios);
		if (passRole) findings.push(passRole);
	}
	if (firstUnreported)
		findings.push({
			code: DiagnosticCode.ActionUnknown,
			severity: 'information',
			message: `${unreported} more action names from here on are unknown or unusually written; only the first ${CATALOG_FINDINGS_LIMIT} are reported one by one.`,
			span: nodeSpan(firstUnreported.node),
			data: { unreported },
		});
	return findings;
}
