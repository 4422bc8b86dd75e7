import type { HostNode as Node } from './host/tree';
import { actionShapeProblem } from './actionShape';
import { DiagnosticCode } from './codes';
import { findProperty, nodeSpan, PolicyModel, propertyKey, propertyValue, Statement, statementLabel } from './policyModel';
import type { Finding } from './types';

export { actionShapeProblem };

/**
 * The mistakes AWS itself rejects or warns about, per the IAM JSON policy grammar:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

const ROOT_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
/** IAM accepts only ASCII letters and digits in a Sid. */
const SID_SHAPE = /^[A-Za-z0-9]*$/;

function keyFinding(property: Node, known: readonly string[], where: string): Finding | undefined {
	const key = propertyKey(property);
	if (known.includes(key)) return undefined;
	const suggestion = known.find((k) => k.toLowerCase() === key.trim().toLowerCase());
	const keyNode = property.children?.[0] ?? property;
	return {
		code: DiagnosticCode.KeyUnknown,
		severity: 'error',
		message: suggestion
			? `Unknown key "${key}" ${where}: keys are case-sensitive, write "${suggestion}".`
			: `Unknown key "${key}" ${where}: AWS accepts only ${known.map((k) => `"${k}"`).join(', ')}.`,
		span: nodeSpan(keyNode),
		data: suggestion ? { replacement: suggestion } : undefined,
	};
}

function duplicateKeys(object: Node, findings: Finding[]): void {
	const seen = new Set<string>();
	for (const p of object.children ?? []) {
		const key = propertyKey(p);
		if (seen.has(key)) {
			findings.push({
				code: DiagnosticCode.JsonDuplicateKey,
				severity: 'warning',
				message: `Duplicate key "${key}": only the last one takes effect.`,
				span: nodeSpan(p.children?.[0] ?? p),
			});
		}
		seen.add(key);
	}
}

function checkStringOrArray(property: Node | undefined, findings: Finding[]): void {
	const value = property && propertyValue(property);
	if (!property || !value) return;
	const key = propertyKey(property);
	if (value.type === 'string' || value.type === 'unknown') return;
	if (value.type === 'array') {
		if ((value.children ?? []).length === 0)
			findings.push({ code: DiagnosticCode.ValueType, severity: 'error', message: `"${key}" is an empty array: AWS rejects it.`, span: nodeSpan(value) });
		for (const item of value.children ?? [])
			if (item.type !== 'string' && item.type !== 'unknown')
				findings.push({ code: DiagnosticCode.ValueType, severity: 'error', message: `Every "${key}" entry must be a string.`, span: nodeSpan(item) });
		return;
	}
	findings.push({ code: DiagnosticCode.ValueType, severity: 'error', message: `"${key}" must be a string or an array of strings.`, span: nodeSpan(value) });
}

function pairFindings(statement: Statement, pair: [string, string], required: boolean, findings: Finding[]): void {
	const a = findProperty(statement.node, pair[0]);
	const b = findProperty(statement.node, pair[1]);
	if (a && b) {
		findings.push({
			code: DiagnosticCode.ElementConflict,
			severity: 'error',
			message: `${statementLabel(statement)} has both "${pair[0]}" and "${pair[1]}": use one.`,
			span: nodeSpan(b.children?.[0] ?? b),
		});
	} else if (!a && !b && required) {
		findings.push({
			code: DiagnosticCode.ElementMissing,
			severity: 'error',
			message: `${statementLabel(statement)} needs "${pair[0]}" or "${pair[1]}".`,
			span: nodeSpan(statement.node),
			data: { element: pair[0] },
		});
	}
}

function checkActions(statement: Statement, findings: Finding[]): void {
	const list = statement.action;
	if (!list) return;
	const seen = new Map<string, Node>();
	for (const { value, node } of list.values) {
		const problem = actionShapeProblem(value);
		if (problem) {
			const repaired = value.replace(/\s+/g, '');
			findings.push({
				code: DiagnosticCode.ActionMalformed,
				severity: 'error',
				message: `"${value}" ${problem}: it matches no action.${repaired !== value && !actionShapeProblem(repaired) ? ` Did you mean "${repaired}"?` : ''}`,
				span: nodeSpan(node),
				data: repaired !== value && !actionShapeProblem(repaired) ? { replacement: repaired } : undefined,
			});
			continue;
		}
		const key = value.toLowerCase();
		const first = seen.get(key);
		if (first) {
			findings.push({
				code: DiagnosticCode.ActionDuplicate,
				severity: 'warning',
				message: `"${value}" is listed twice in ${statementLabel(statement)}.`,
				span: nodeSpan(node),
				related: [{ span: nodeSpan(first), message: 'First listed here' }],
				unnecessary: true,
			});
		} else {
			seen.set(key, node);
		}
	}
}

/** Grammar findings for a policy document. */
export function grammarFindings(model: PolicyModel): Finding[] {
	const findings: Finding[] = [];
	const root = model.root;
	duplicateKeys(root, findings);
	for (const p of root.children ?? []) {
		const f = keyFinding(p, ROOT_KEYS, 'at the top level of a policy');
		if (f) findings.push(f);
	}
	// Without Version, AWS applies 2008-10-17, where policy variables are plain text.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
	if (!model.versionProperty) {
		findings.push({
			code: DiagnosticCode.VersionMissing,
			severity: 'warning',
			message: 'No "Version": AWS then uses 2008-10-17, which does not support policy variables. Add "Version": "2012-10-17".',
			span: nodeSpan(model.statementProperty?.children?.[0] ?? root),
		});
	} else if (!model.version || (model.version.value !== '2012-10-17' && model.version.value !== '2008-10-17')) {
		findings.push({
			code: DiagnosticCode.VersionUnknown,
			severity: 'error',
			message: `"Version" must be "2012-10-17" (or the outdated "2008-10-17"); it is not a date of your choosing.`,
			span: nodeSpan(propertyValue(model.versionProperty) ?? model.versionProperty),
			data: { replacement: '2012-10-17' },
		});
	} else if (model.version.value === '2008-10-17') {
		findings.push({
			code: DiagnosticCode.VersionOutdated,
			severity: 'information',
			message: '"Version" 2008-10-17 is outdated: policy variables are not supported. Use "2012-10-17".',
			span: nodeSpan(model.version.node),
			data: { replacement: '2012-10-17' },
		});
	}
	if (!model.statementProperty) {
		findings.push({ code: DiagnosticCode.StatementMissing, severity: 'error', message: 'The policy has no "Statement".', span: nodeSpan(model.versionProperty ?? root) });
		return findings;
	}
	const statementValue = propertyValue(model.statementProperty);
	if (statementValue && statementValue.type !== 'array' && statementValue.type !== 'object' && statementValue.type !== 'unknown') {
		findings.push({ code: DiagnosticCode.StatementInvalid, severity: 'error', message: '"Statement" must be an object or an array of objects.', span: nodeSpan(statementValue) });
	} else if (statementValue?.type === 'array') {
		if ((statementValue.children ?? []).length === 0)
			findings.push({ code: DiagnosticCode.StatementInvalid, severity: 'error', message: '"Statement" is empty: the policy grants nothing and AWS rejects it.', span: nodeSpan(statementValue) });
		for (const item of statementValue.children ?? [])
			if (item.type !== 'object' && item.type !== 'unknown')
				findings.push({ code: DiagnosticCode.StatementInvalid, severity: 'error', message: 'Every statement must be a JSON object.', span: nodeSpan(item) });
	}
	const sids = new Map<string, Statement>();
	const principals = model.statements.filter((s) => s.principal).length;
	for (const statement of model.statements) {
		duplicateKeys(statement.node, findings);
		for (const p of statement.node.children ?? []) {
			const f = keyFinding(p, STATEMENT_KEYS, 'in a statement');
			if (f) findings.push(f);
		}
		statementFindings(model, statement, principals, findings);
		if (statement.sid) {
			const sid = statement.sid.value;
			if (!SID_SHAPE.test(sid))
				findings.push({ code: DiagnosticCode.SidInvalid, severity: 'warning', message: `Sid "${sid}" may contain only letters A-Z, a-z and digits 0-9 in IAM policies.`, span: nodeSpan(statement.sid.node) });
			const first = sids.get(sid);
			// "In IAM, the Sid value must be unique within a JSON policy."
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
			if (first)
				findings.push({
					code: DiagnosticCode.SidDuplicate,
					severity: 'error',
					message: `Sid "${sid}" is used by another statement: Sids must be unique within a policy.`,
					span: nodeSpan(statement.sid.node),
					related: [{ span: nodeSpan(first.sid!.node), message: 'Also used here' }],
				});
			else sids.set(sid, statement);
		}
	}
	return findings;
}

function statementFindings(model: PolicyModel, statement: Statement, principals: number, findings: Finding[]): void {
	const effectProperty = findProperty(statement.node, 'Effect');
	if (!effectProperty) {
		findings.push({ code: DiagnosticCode.EffectMissing, severity: 'error', message: `${statementLabel(statement)} has no "Effect" ("Allow" or "Deny").`, span: nodeSpan(statement.node) });
	} else if (!statement.effect && propertyValue(effectProperty)?.type !== 'unknown') {
		const value = propertyValue(effectProperty);
		const raw = typeof value?.value === 'string' ? value.value : '';
		const fixed = raw.toLowerCase() === 'allow' ? 'Allow' : raw.toLowerCase() === 'deny' ? 'Deny' : undefined;
		findings.push({
			code: DiagnosticCode.EffectInvalid,
			severity: 'error',
			message: `"Effect" must be "Allow" or "Deny" (case-sensitive)${fixed ? `: write "${fixed}"` : ''}.`,
			span: nodeSpan(value ?? effectProperty),
			data: fixed ? { replacement: fixed } : undefined,
		});
	}
	pairFindings(statement, ['Action', 'NotAction'], true, findings);
	// Trust policies name no Resource: the role itself is the resource.
	pairFindings(statement, ['Resource', 'NotResource'], model.kind !== 'trust', findings);
	pairFindings(statement, ['Principal', 'NotPrincipal'], model.kind !== 'identity', findings);
	for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) checkStringOrArray(findProperty(statement.node, key), findings);
	const condition = findProperty(statement.node, 'Condition');
	const conditionValue = condition && propertyValue(condition);
	if (conditionValue && conditionValue.type !== 'object' && conditionValue.type !== 'unknown')
		findings.push({ code: DiagnosticCode.ValueType, severity: 'error', message: '"Condition" must be an object of condition operators.', span: nodeSpan(conditionValue) });
	if (model.kind === 'identity' && statement.principal && principals > 0) {
		// Identity-based policies must not name a principal: AWS rejects them.
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
		findings.push({
			code: DiagnosticCode.PrincipalInIdentityPolicy,
			severity: 'error',
			message: `"${statement.principal.key}" is not allowed in a policy attached to a user, group or role (the other statements have none).`,
			span: nodeSpan(statement.principal.property.children?.[0] ?? statement.principal.property),
		});
	}
	checkActions(statement, findings);
}
