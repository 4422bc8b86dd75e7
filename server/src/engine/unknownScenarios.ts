import type { UnavailableRequirementSet } from './index';

/**
 * The words of a finding for scenario ids no requirement set defines (a setting's, an
 * annotation's): which ids, that nothing is checked against them, and, when requirement-set files
 * could not be used, which and why — the likely cause, which the user can fix.
 */
export function unknownScenariosSentence(ids: readonly string[], where: string): string {
	const list = ids.map((id) => `"${id}"`).join(', ');
	return `Unknown scenario${ids.length === 1 ? '' : 's'} ${list} ${where}: nothing is checked against ${ids.length === 1 ? 'it' : 'them'}, so this cannot pass.`;
}

export function unavailableSetsSentence(unavailable: readonly UnavailableRequirementSet[] | undefined): string {
	if (!unavailable || unavailable.length === 0) return '';
	const files = unavailable.map((u) => `${u.file} (${u.reason.replace(/\.$/, '')})`).join('; ');
	return `${unavailable.length === 1 ? 'This requirement-set file' : 'These requirement-set files'} could not be used: ${files}.`;
}
