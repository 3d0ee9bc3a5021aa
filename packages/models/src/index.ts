export { listBackbones, loadBackbone, type BackboneInfo } from './backbones.js';
