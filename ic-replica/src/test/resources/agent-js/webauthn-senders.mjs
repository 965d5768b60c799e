// WebAuthn senders through DFINITY's agent-js, unmodified: @dfinity/identity's WebAuthnIdentity
// signs through navigator.credentials.get, which here is a software authenticator (Node's
// crypto) producing what a platform authenticator returns: authenticatorData = rpIdHash ‖ flags
// (UP, UV) ‖ signCount, clientDataJSON {type: "webauthn.get", challenge: base64url(challenge),
// origin}, and a signature over authenticatorData ‖ SHA-256(clientDataJSON) (ECDSA P-256 in DER,
// or RSA PKCS #1 v1.5 SHA-256). agent-js builds the COSE-in-DER key, the CBOR signature
// {authenticator_data, client_data_json, signature} and the delegation chain itself.
// Env: REPLICA_URL, CANISTER_ID (signer.wasm: whoami query, whoami_update update).
import { HttpAgent, Actor } from '@dfinity/agent';
import {
  WebAuthnIdentity, Ed25519KeyIdentity, DelegationChain, DelegationIdentity,
} from '@dfinity/identity';
import { createHash, generateKeyPairSync, sign, randomBytes } from 'node:crypto';

const host = process.env.REPLICA_URL;
const canisterId = process.env.CANISTER_ID;
const RP_ID = 'identity.ic0.app';
const ORIGIN = 'https://identity.ic0.app';
const credentials = new Map();
let tamper = null;

const ab = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const sha256 = (b) => createHash('sha256').update(b).digest();

Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  writable: true,
  value: {
    credentials: {
      async get({ publicKey }) {
        const id = Buffer.from(publicKey.allowCredentials[0].id).toString('hex');
        const cred = credentials.get(id);
        const challenge = tamper === 'challenge' ? randomBytes(43) : Buffer.from(publicKey.challenge);
        const clientData = Buffer.from(JSON.stringify({
          type: 'webauthn.get', challenge: challenge.toString('base64url'), origin: ORIGIN,
          crossOrigin: false,
        }));
        const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x05, 0, 0, 0, 1])]);
        const signed = Buffer.concat([authData, sha256(clientData)]);
        const signature = cred.kind === 'rsa'
          ? sign('sha256', signed, cred.privateKey)
          : sign('sha256', signed, { key: cred.privateKey, dsaEncoding: 'der' });
        if (tamper === 'authenticator_data') {
          authData[authData.length - 1] ^= 1;
        }
        return {
          type: 'public-key',
          authenticatorAttachment: 'platform',
          response: {
            authenticatorData: ab(authData),
            clientDataJSON: ab(clientData),
            signature: ab(signature),
          },
        };
      },
    },
  },
});

function bstr(b) {
  if (b.length < 24) return Buffer.concat([Buffer.from([0x40 + b.length]), b]);
  if (b.length < 256) return Buffer.concat([Buffer.from([0x58, b.length]), b]);
  return Buffer.concat([Buffer.from([0x59, b.length >> 8, b.length & 0xff]), b]);
}

/** A credential: its private key and COSE public key (RFC 8152 §13). */
function credential(kind) {
  let cose;
  let privateKey;
  if (kind === 'rsa') {
    const kp = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
    const jwk = kp.publicKey.export({ format: 'jwk' });
    privateKey = kp.privateKey;
    // {1: 3 (RSA), 3: -257 (RS256), -1: n, -2: e}
    cose = Buffer.concat([Buffer.from([0xa4, 0x01, 0x03, 0x03, 0x39, 0x01, 0x00, 0x20]),
      bstr(Buffer.from(jwk.n, 'base64url')), Buffer.from([0x21]), bstr(Buffer.from(jwk.e, 'base64url'))]);
  } else {
    const kp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = kp.publicKey.export({ format: 'jwk' });
    privateKey = kp.privateKey;
    // {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
    cose = Buffer.concat([Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]),
      bstr(Buffer.from(jwk.x, 'base64url')), Buffer.from([0x22]), bstr(Buffer.from(jwk.y, 'base64url'))]);
  }
  const rawId = randomBytes(16).toString('hex');
  credentials.set(rawId, { kind, privateKey });
  return WebAuthnIdentity.fromJSON(JSON.stringify({ publicKey: cose.toString('hex'), rawId }));
}

const idl = ({ IDL }) => IDL.Service({
  whoami: IDL.Func([], [IDL.Principal], ['query']),
  whoami_update: IDL.Func([], [IDL.Principal], []),
});

async function actorFor(identity, verifyQuerySignatures = true) {
  const agent = await HttpAgent.create({
    host, identity, shouldFetchRootKey: true, verifyQuerySignatures,
  });
  return Actor.createActor(idl, { agent, canisterId });
}

let failures = 0;

async function expectCaller(name, identity, principal) {
  const actor = await actorFor(identity);
  const q = await actor.whoami();
  const u = await actor.whoami_update();
  if (q.toText() !== principal.toText() || u.toText() !== principal.toText()) {
    console.log(`FAIL ${name}: caller ${q.toText()} / ${u.toText()}, expected ${principal.toText()}`);
    failures++;
  } else {
    console.log(`OK ${name}: query and update caller ${principal.toText()}`);
  }
}

async function expectRefused(name, identity, reason) {
  // Query-signature verification off: with it on, agent-js reads /subnet by a read_state signed
  // by the same identity in parallel, whose refusal (also a 400) would hide the query's own.
  const actor = await actorFor(identity, false);
  for (const [kind, f] of [['query', () => actor.whoami()], ['update', () => actor.whoami_update()]]) {
    try {
      await f();
      console.log(`FAIL ${name} ${kind}: accepted`);
      failures++;
    } catch (e) {
      const text = String(e && e.message ? e.message : e);
      const status = /\b(4\d\d)\b/.exec(text);
      if (status && text.includes(reason)) {
        console.log(`OK ${name} ${kind}: refused ${status[1]} (${reason})`);
      } else {
        console.log(`FAIL ${name} ${kind}: ${text.slice(0, 600)}`);
        failures++;
      }
    }
  }
}

const p256 = credential('p256');
const rsa = credential('rsa');
await expectCaller('webauthn-p256', p256, p256.getPrincipal());
await expectCaller('webauthn-rsa', rsa, rsa.getPrincipal());

// Internet Identity's shape: the WebAuthn key delegates to a session key.
const session = Ed25519KeyIdentity.generate();
const chain = await DelegationChain.create(p256, session.getPublicKey(),
  new Date(Date.now() + 10 * 60 * 1000));
await expectCaller('webauthn-p256-delegation', DelegationIdentity.fromDelegation(session, chain),
  p256.getPrincipal());
const rsaSession = Ed25519KeyIdentity.generate();
const rsaChain = await DelegationChain.create(rsa, rsaSession.getPublicKey(),
  new Date(Date.now() + 10 * 60 * 1000));
await expectCaller('webauthn-rsa-delegation', DelegationIdentity.fromDelegation(rsaSession, rsaChain),
  rsa.getPrincipal());

tamper = 'challenge';
await expectRefused('webauthn-wrong-challenge', p256, 'Invalid WebAuthn signature');
tamper = 'authenticator_data';
await expectRefused('webauthn-altered-authenticator-data', rsa, 'Invalid WebAuthn signature');
tamper = null;

console.log(failures === 0 ? 'webauthn senders: all passed' : `webauthn senders: ${failures} FAILED`);
process.exit(failures === 0 ? 0 : 1);
