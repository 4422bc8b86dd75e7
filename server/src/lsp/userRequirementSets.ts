import Ajv, { ErrorObject } from 'ajv';
import * as fs from 'fs';
import { findNodeAtLocation, Node, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import schema from '../../../schemas/requirement-set.schema.json';
import type { RequirementSet } from '../engine';

/** A problem in a user's requirement-set file, as offsets into its text. */
export interface SetProblem {
	message: string;
	offset: number;
	length: number;
}

export interface LoadedSetFile {
	path: string;
	set?: RequirementSet;
	problems: SetProblem[];
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

/**
 * Parses and validates one requirement-set file. `text` is the editor's copy when the file is
 * open (so edits re-validate before saving), else read from disk.
 */
export function loadRequirementSetFile(path: string, text: string | undefined, builtinIds: ReadonlySet<string>): LoadedSetFile {
	let content = text;
	if (content === undefined) {
		try {
			content = fs.readFileSync(path, 'utf8');
		} catch (e) {
			return { path, problems: [{ message: `Cannot read requirement set: ${(e as Error).message}`, offset: 0, length: 0 }] };
		}
	}
	const errors: ParseError[] = [];
	const root = parseTree(content, errors, { allowTrailingComma: false, disallowComments: true });
	if (errors.length > 0 || !root) {
		return { path, problems: errors.map((e) => ({ message: `Requirement set is not valid JSON: ${printParseErrorCode(e.error)}.`, offset: e.offset, length: e.length })) };
	}
	const data = JSON.parse(content) as RequirementSet;
	const problems: SetProblem[] = validate(data).map((e) => {
		const node = nodeFor(root, e.instancePath);
		const where = e.instancePath || 'the file';
		const detail = e.keyword === 'additionalProperties' ? `${e.message} ("${(e.params as { additionalProperty: string }).additionalProperty}")` : e.message;
		return { message: `Requirement set does not match schemas/requirement-set.schema.json: ${where} ${detail}.`, offset: node?.offset ?? 0, length: node?.length ?? 1 };
	});
	if (problems.length === 0 && builtinIds.has(data.id)) {
		const node = nodeFor(root, '/id');
		problems.push({ message: `Scenario id "${data.id}" is a built-in scenario; choose another id.`, offset: node?.offset ?? 0, length: node?.length ?? 1 });
	}
	return problems.length > 0 ? { path, problems } : { path, set: data, problems };
}
