// Lints an OpenAPI document (JSON on stdin) with Redocly's recommended rules; prints the problems
// as JSON. A script of its own because @redocly/openapi-core is an ES module, which Jest's
// CommonJS runtime cannot load.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { text } from 'node:stream/consumers';

const source = await text(process.stdin);
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
process.stdout.write(
  JSON.stringify(
    problems.map((p) => ({
      rule: p.ruleId,
      severity: p.severity,
      message: p.message,
      where: p.location.map((l) => l.pointer).join(' '),
    })),
  ),
);
