/**
 * Reads what the smoke test builds from a README: install lines (a ```bash block after
 * `<!-- smoke:install <name> -->`) and files (a fenced block after `<!-- smoke:file <path> -->`).
 */
const fs = require('node:fs');

const MARKER = /<!--\s*smoke:(install|file)\s+(\S+)\s*-->\s*\n```[a-z]*\n([\s\S]*?)\n```/g;

function readSmokeBlocks(readmePath) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const installs = {};
  const files = {};
  for (const [, kind, name, body] of text.matchAll(MARKER)) {
    const into = kind === 'install' ? installs : files;
    if (into[name]) throw new Error(`${readmePath}: two smoke:${kind} blocks named ${name}`);
    into[name] = kind === 'install' ? installArgs(readmePath, name, body) : `${body}\n`;
  }
  const markers = (text.match(/^<!--\s*smoke:/gm) ?? []).length;
  const found = Object.keys(installs).length + Object.keys(files).length;
  if (markers !== found) {
    throw new Error(
      `${readmePath}: ${markers} smoke markers but ${found} readable blocks (a marker must precede a fenced block)`,
    );
  }
  return { installs, files };
}

/** `npm install a b c` (one line) as its package arguments. */
function installArgs(readmePath, name, body) {
  const lines = body.split('\n').filter((l) => l.trim());
  const words = lines.length === 1 ? lines[0].trim().split(/\s+/) : [];
  if (words[0] !== 'npm' || words[1] !== 'install' || words.length < 3) {
    throw new Error(`${readmePath}: smoke:install ${name} must be one line 'npm install ...'`);
  }
  return words.slice(2);
}

module.exports = { readSmokeBlocks };
