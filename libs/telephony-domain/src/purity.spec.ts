import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// The library is the domain: it must run, and be tested, without any framework or infrastructure.
const FORBIDDEN = [
  /^@nestjs\//,
  /^typeorm(\/|$)/,
  /^pg(\/|$)/,
  /^pg-/,
  /^twilio(\/|$)/,
  /^express(\/|$)/,
  /^@loquent\/api/,
];
const ALLOWED_PACKAGES = new Set(['libphonenumber-js']);
const libraryRoot = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((imported) => imported.fileName);
}

describe('the telephony-domain library', () => {
  const files = sourceFiles(join(libraryRoot, 'src'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports no framework or infrastructure package (Nest, TypeORM, pg, twilio, express)', () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => FORBIDDEN.some((pattern) => pattern.test(specifier)))
        .map((specifier) => `${relative(libraryRoot, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports only its own files and the packages it declares', () => {
    const external = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.'))
        .filter((specifier) => !ALLOWED_PACKAGES.has(specifier))
        .map((specifier) => `${relative(libraryRoot, file)} imports ${specifier}`),
    );
    expect(external).toEqual([]);
  });

  it('declares no framework or infrastructure dependency', () => {
    const manifest = JSON.parse(readFileSync(join(libraryRoot, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(declared.filter((name) => FORBIDDEN.some((pattern) => pattern.test(name)))).toEqual([]);
    expect(declared.filter((name) => !ALLOWED_PACKAGES.has(name))).toEqual([]);
  });

  it('is caught importing a forbidden package (the check itself works)', () => {
    const { importedFiles } = ts.preProcessFile(
      "import { Injectable } from '@nestjs/common';\nconst pg = require('pg');\nawait import('twilio');",
      true,
      true,
    );
    const names = importedFiles.map((i) => i.fileName);
    expect(names).toEqual(['@nestjs/common', 'pg', 'twilio']);
    expect(names.every((n) => FORBIDDEN.some((p) => p.test(n)))).toBe(true);
  });
});
