console.log('hello from a bundled mvmforge node workload');
