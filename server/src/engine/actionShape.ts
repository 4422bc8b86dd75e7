/**
 * The shape of an action string: `service:Action`, wildcards allowed only in the action part (or
 * `*` alone). AWS rejects a policy with any other shape ("MalformedPolicyDocument"), so such a
 * string is an error finding (grammar.ts) and grants or excludes nothing in evaluation
 * (evaluate.ts's action matcher, actionIndex.ts): one judgement, used by both.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * ("<action_string> = "*" | <service_namespace>:<action_name>"; a namespace holds no wildcard).
 */

/** Letters, digits and hyphens before the colon; wildcards too after it. */
const SERVICE = /^[A-Za-z0-9-]+$/;
const ACTION_NAME = /^[A-Za-z0-9*?-]+$/;

/** The whole well-formed shape in one test: the common case costs one regular-expression match. */
const WELL_FORMED = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?-]+)$/;

/** Why an action string cannot be an action, or undefined when its shape is fine. */
export function actionShapeProblem(value: string): string | undefined {
	return WELL_FORMED.test(value) ? undefined : judgeShape(value);
}

function judgeShape(value: string): string | undefined {
	if (value === '*') return undefined;
	if (value.trim() === '') return 'is empty';
	if (/\s/.test(value)) return 'contains whitespace';
	if (!value.includes(':')) return 'has no service prefix ("service:Action")';
	const parts = value.split(':');
	if (parts.length > 2) return 'has more than one colon';
	const [service, name] = parts;
	if (/[*?]/.test(service)) return 'has a wildcard in its service prefix, which AWS does not accept';
	if (!SERVICE.test(service) || !ACTION_NAME.test(name)) return 'contains characters that no action name has';
	return undefined;
}

/** True when AWS accepts the string as an action (pattern). */
export function isWellFormedAction(value: string): boolean {
	return WELL_FORMED.test(value);
}
