/** Build step (npm run build): writes the precompiled schema validators into dist/schemas/. */
import { writePrecompiledValidators } from '../src/config/schema-compile.js';

for (const file of writePrecompiledValidators()) process.stdout.write(`wrote ${file}\n`);
