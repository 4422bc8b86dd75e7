import Ajv, { type ErrorObject } from 'ajv';
import { createScanner, findNodeAtLocation, type Node, parseTree, type ParseError, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import schema from '../../../schemas/requirement-set.schema.json';
import type { RequirementSet } from './requirementSet';

/**
 * A user's requirement-set file (setting `iamRestoreLint.requirementSets`, CLI `--requirement-set`):
 * parsed and validated against schemas/requirement-set.schema.json here, once, so the editor and
 * the CLI say the same thing about the same file. Pure: the caller reads the file.
 */

/** A problem in a requirement-set file, as offsets into its text. */
export interface SetProblem {
	message: string;
	offset: number;
	length: number;
}

export interface ParsedSetFile {
	set?: RequirementSet;
	problems: SetProblem[];
}

/** A requirement set is a few hundred lines; past these, the file is not one and is not parsed. */
const MAX_SET_FILE_CHARS = 2 * 1024 * 1024;
const MAX_SET_FILE_DEPTH = 64;
const MAX_SET_PROBLEMS = 100;

/** Whether the text nests deeper than any requirement set (jsonc-parser recurses; the scanner does not). */
function nestsTooDeep(text: string): boolean {
	const scanner = createScanner(text, true);
	let depth = 0;
	for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
		if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
			if (++depth > MAX_SET_FILE_DEPTH) return true;
		} else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
	}
	return false;
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
	validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
	return validator(data) ? [] : [...(validator.errors ?? [])];
}

function nodeFor(root: Node | undefined, instancePath: string): Node | undefined {
	if (!root) return undefined;
	const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
	for (let n = segments.length; n >= 0; n--) {
		const node = findNodeAtLocation(root, segments.slice(0, n));
		if (node) return node.parent?.type === 'property' && n > 0 && typeof segments[n - 1] === 'string' ? node.parent : node;
	}
	return root;
}

/** Parses and validates the text of one requirement-set file; `builtinIds` may not be reused. */
export function parseRequirementSetFile(text: string, builtinIds: ReadonlySet<string>): ParsedSetFile {
	if (text.length > MAX_SET_FILE_CHARS || nestsTooDeep(text))
		return { problems: [{ message: `Not a requirement set: ${text.length > MAX_SET_FILE_CHARS ? `${text.length} characters` : `nested more than ${MAX_SET_FILE_DEPTH} levels deep`}.`, offset: 0, length: 0 }] };
	const errors: ParseError[] = [];
	const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
	if (errors.length > 0 || !root) {
		if (errors.length === 0) return { problems: [{ message: 'Requirement set is not valid JSON: the file is empty.', offset: 0, length: 0 }] };
		return { problems: errors.slice(0, MAX_SET_PROBLEMS).map((e) => ({ message: `Requirement set is not valid JSON: ${printParseErrorCode(e.error)}.`, offset: e.offset, length: e.length })) };
	}
	const data = JSON.parse(text) as RequirementSet;
	const problems: SetProblem[] = validate(data).slice(0, MAX_SET_PROBLEMS).map((e) => {
		const node = nodeFor(root, e.instancePath);
		const where = e.instancePath || 'the file';
		const detail = e.keyword === 'additionalProperties' ? `${e.message} ("${(e.params as { additionalProperty: string }).additionalProperty}")` : e.message;
		return { message: `Requirement set does not match schemas/requirement-set.schema.json: ${where} ${detail}.`, offset: node?.offset ?? 0, length: node?.length ?? 1 };
	});
	if (problems.length === 0 && builtinIds.has(data.id)) {
		const node = nodeFor(root, '/id');
		problems.push({ message: `Scenario id "${data.id}" is a built-in scenario; choose another id.`, offset: node?.offset ?? 0, length: node?.length ?? 1 });
	}
	return problems.length > 0 ? { problems } : { set: data, problems };
}
