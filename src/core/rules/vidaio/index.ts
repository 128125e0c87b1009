/** The Vidaio rule packs, in release order. The registry (../index.ts) reads this list; a new pack is added here. */
import { vidaioSeed } from './vidaio-seed.ts';
import { vidaioSubnet } from './vidaio-subnet-fea3779.ts';
import { validatorVidaio } from './validator-vidaio-b71f22d.ts';
import { validatorVidaioF396e47 } from './validator-vidaio-f396e47.ts';
import { validatorVidaio688b671 } from './validator-vidaio-688b671.ts';
import { validatorVidaioV3 } from './validator-vidaio-e76b503.ts';
import type { VidaioPack } from './functions.ts';

export const vidaioPacks: readonly VidaioPack[] = [
  vidaioSeed,
  vidaioSubnet,
  validatorVidaio,
  validatorVidaioF396e47,
  validatorVidaio688b671,
  validatorVidaioV3,
];
