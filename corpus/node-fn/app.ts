/** mvmforge Node function workload: `greet` (handlers/greet.js) called with JSON arguments. */
import * as mv from '@mvmforge/sdk';
import { greet } from './handlers/greet';

mv.workload('node-fn');

// The guest runs the plain-JavaScript handler, so `module` names its file (relative to the
// bundle, without extension) rather than this entry.
mv.func(
  {
    module: 'handlers/greet',
    image: mv.nodeImage('22'),
    source: mv.localPath('.', { include: ['handlers/**'], exclude: ['**/node_modules/**'] }),
    argsSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    returnSchema: { type: 'object', properties: { greeting: { type: 'string' } } },
  },
  greet,
);
