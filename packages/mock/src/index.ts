export { type MockOptions, type RunningServer, startMock } from './prism.js';
