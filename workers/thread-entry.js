// A worker thread's entry, in plain JavaScript like bin/estates.js: tsx compiles the rest on the fly.
import { register } from 'tsx/esm/api';

register();
await import('./thread-main.ts');
