/** mvmforge Node workload whose source bundle is the `hello` directory. */
import * as mv from '@mvmforge/sdk';

mv.workload('hello-node');
mv.app({
  image: mv.nodeImage('22'),
  source: mv.localPath('.', { include: ['hello/**'], exclude: ['**/node_modules/**'] }),
  entrypoint: mv.entrypoint(['node', 'hello/main.js']),
});
