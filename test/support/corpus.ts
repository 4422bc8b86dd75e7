import * as fs from 'fs';
import * as path from 'path';
import type { Analysis, Checker } from '../../server/src/engine';
import { repoRoot } from './fixtures';

/**
 * The real-world corpus (test/corpus): public policies nobody here wrote, each with its provenance
 * and the verdict expected from reading what it is for. Shared by the corpus test and the sweep.
 */
export interface CorpusEntry {
	file: string;
	source: Record<string, string>;
	expected: {
		/** A restore role of one of our scenarios. */
		restoreRole: boolean;
		/** The scenario(s) it should be inferred as. */
		scenarios: string[];
		/** Scenarios that are not wrong to infer (the policy is a superset of one). */
		acceptable?: string[];
		purpose: string;
	};
}

export const corpusDir = path.join(repoRoot, 'test', 'corpus');

export function corpusEntries(): CorpusEntry[] {
	return (JSON.parse(fs.readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8')) as { entries: CorpusEntry[] }).entries;
}

export function corpusText(entry: CorpusEntry): string {
	return fs.readFileSync(path.join(corpusDir, 'policies', entry.file), 'utf8');
}

/** Findings a scenario check raises: the ones that fail a CI run or squiggle a restore role. */
const SCENARIO_CODES = new Set(['scenario-missing', 'scenario-denied', 'scenario-conditional', 'scenario-partial', 'trust-principal-missing', 'constraint-wildcard-resource']);

/** Scenario errors and warnings of an analysis (information such as "may be one part of a role" is not an alarm). */
export function scenarioAlarms(analysis: Analysis): string[] {
	return analysis.findings.filter((f) => SCENARIO_CODES.has(f.code) && (f.severity === 'error' || f.severity === 'warning')).map((f) => `${f.code}: ${f.message.slice(0, 160)}`);
}

export function inferredIds(analysis: Analysis): string[] {
	return analysis.scenarios.filter((s) => s.inferred).map((s) => s.compiled.set.id);
}

export interface CorpusMeasure {
	entries: number;
	restoreRoles: number;
	/** Entries that are not restore roles but got scenario errors or warnings. */
	falseAlarms: { file: string; alarms: string[] }[];
	/** Restore roles whose intended scenario was inferred. */
	found: number;
	missed: { file: string; inferred: string[]; expected: string[] }[];
	/** Inferred scenarios that are neither expected nor acceptable. */
	wrong: { file: string; id: string }[];
	inferredTotal: number;
	precision: number;
	recall: number;
}

export function measureCorpus(checker: Checker, entries = corpusEntries()): CorpusMeasure {
	const m: CorpusMeasure = { entries: entries.length, restoreRoles: 0, falseAlarms: [], found: 0, missed: [], wrong: [], inferredTotal: 0, precision: 1, recall: 1 };
	let right = 0;
	for (const e of entries) {
		const analysis = checker.analyze(corpusText(e));
		const ids = inferredIds(analysis);
		const fine = new Set([...e.expected.scenarios, ...(e.expected.acceptable ?? [])]);
		m.inferredTotal += ids.length;
		for (const id of ids) {
			if (fine.has(id)) right++;
			else m.wrong.push({ file: e.file, id });
		}
		if (e.expected.restoreRole) {
			m.restoreRoles++;
			if (e.expected.scenarios.every((id) => ids.includes(id))) m.found++;
			else m.missed.push({ file: e.file, inferred: ids, expected: e.expected.scenarios });
		} else {
			const alarms = scenarioAlarms(analysis);
			if (alarms.length > 0) m.falseAlarms.push({ file: e.file, alarms });
		}
	}
	m.precision = m.inferredTotal === 0 ? 1 : right / m.inferredTotal;
	m.recall = m.restoreRoles === 0 ? 1 : m.found / m.restoreRoles;
	return m;
}
