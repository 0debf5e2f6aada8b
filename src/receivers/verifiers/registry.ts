import type { ReceiverType } from '../../api/receiver.js';
import { verifyAcr } from './acr.js';
import { verifyBitbucket } from './bitbucket.js';
import { verifyCdEvents } from './cdevents.js';
import { verifyDockerHub } from './dockerhub.js';
import { verifyGcr } from './gcr.js';
import { verifyGeneric } from './generic.js';
import { verifyGenericHmac } from './generic-hmac.js';
import { verifyGenericOidc } from './generic-oidc.js';
import { verifyGitHub } from './github.js';
import { verifyGitLab } from './gitlab.js';
import { verifyHarbor } from './harbor.js';
import { verifyNexus } from './nexus.js';
import { verifyQuay } from './quay.js';
import type { ReceiverVerifier } from './verifier.js';

/** One verifier per Receiver type: every type the CRD accepts has one. */
export const RECEIVER_VERIFIERS: Readonly<Record<ReceiverType, ReceiverVerifier>> = {
  generic: verifyGeneric,
  'generic-hmac': verifyGenericHmac,
  'generic-oidc': verifyGenericOidc,
  github: verifyGitHub,
  gitlab: verifyGitLab,
  bitbucket: verifyBitbucket,
  harbor: verifyHarbor,
  dockerhub: verifyDockerHub,
  quay: verifyQuay,
  gcr: verifyGcr,
  nexus: verifyNexus,
  acr: verifyAcr,
  cdevents: verifyCdEvents,
};
