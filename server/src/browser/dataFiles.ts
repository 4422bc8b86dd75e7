/**
 * The extension's data files the web worker fetches from the extension's dist/ folder (copied
 * there by scripts/build.mjs, shipped in the .vsix). Same names as the Node faces read.
 */
export const CATALOG_FILE = 'aws-actions.json';
