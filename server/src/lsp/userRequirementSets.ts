import { parseRequirementSetFile as parseSetText, type RequirementSet, type SetProblem } from '../engine';

export type { SetProblem } from '../engine';

export interface LoadedSetFile {
	/** The file's URI. */
	uri: string;
	set?: RequirementSet;
	problems: SetProblem[];
}

/**
 * Parses and validates one requirement-set file with the engine's parser (shared with the CLI's
 * --requirement-set, so both say the same). `text` is the editor's copy when the file is open (so
 * edits re-validate before saving), else the file as read; undefined when it could not be read,
 * with `unreadable` saying why.
 */
export function parseRequirementSetFile(uri: string, text: string | undefined, builtinIds: ReadonlySet<string>, unreadable = 'the file does not exist or cannot be read'): LoadedSetFile {
	if (text === undefined) return { uri, problems: [{ message: `Cannot read requirement set: ${unreadable}.`, offset: 0, length: 0 }] };
	return { uri, ...parseSetText(text, builtinIds) };
}
