'use strict';

/** Called in the guest with JSON arguments: greet({ name }) → { greeting }. */
function greet({ name }) {
  return { greeting: `hello, ${name}` };
}

module.exports = { greet };
