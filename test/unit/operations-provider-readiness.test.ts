import { secret } from '../support/api-objects.js';
import { describeReadinessCases, type ReadinessCase } from '../support/readiness-cases.js';

const TOKEN = 'ops-secret-token';
const PASSWORD = 'ops-secret-password';

const cases: ReadinessCase[] = [
  {
    name: 'alertmanager needs no credentials',
    spec: { type: 'alertmanager', address: 'http://alertmanager:9093/api/v2/alerts' },
    reason: 'Succeeded',
  },
  {
    name: 'alertmanager with basic auth in its Secret',
    spec: { type: 'alertmanager', address: 'https://am/api/v2/alerts', secretRef: { name: 'am' } },
    secrets: [secret('am', { username: 'flux', password: PASSWORD })],
    reason: 'Succeeded',
  },
  {
    name: 'opsgenie without a Secret',
    spec: { type: 'opsgenie', address: 'https://api.opsgenie.com/v2/alerts' },
    reason: 'SecretKeyMissing',
    message: "Opsgenie authenticates with a 'token' key: none in spec.secretRef (not set)",
  },
  {
    name: 'opsgenie with an empty token',
    spec: {
      type: 'opsgenie',
      address: 'https://api.opsgenie.com/v2/alerts',
      secretRef: { name: 'og' },
    },
    secrets: [secret('og', { token: '' })],
    reason: 'SecretKeyMissing',
    message: "the 'token' key of Secret 'og' is empty",
  },
  {
    name: 'opsgenie with its API key',
    spec: {
      type: 'opsgenie',
      address: 'https://api.opsgenie.com/v2/alerts',
      secretRef: { name: 'og' },
    },
    secrets: [secret('og', { token: TOKEN })],
    reason: 'Succeeded',
  },
  {
    name: 'grafana without credentials',
    spec: { type: 'grafana', address: 'http://grafana:3000/api/annotations' },
    reason: 'Succeeded',
  },
  {
    name: 'pagerduty without a routing key',
    spec: { type: 'pagerduty', address: 'https://events.pagerduty.com' },
    reason: 'SecretKeyMissing',
    message: 'PagerDuty routes events with the integration key in spec.channel: none is set',
  },
  {
    name: 'pagerduty with its routing key',
    spec: { type: 'pagerduty', address: 'https://events.pagerduty.com', channel: TOKEN },
    reason: 'Succeeded',
  },
  {
    name: 'nats with a server and a subject',
    spec: { type: 'nats', address: 'nats://nats.messaging:4222', channel: 'flux.events' },
    reason: 'Succeeded',
  },
  {
    name: 'nats with a server list, credentials in the Secret',
    spec: { type: 'nats', channel: 'flux', secretRef: { name: 'nats' } },
    secrets: [secret('nats', { address: `nats://flux:${PASSWORD}@a:4222,tls://b`, token: TOKEN })],
    reason: 'Succeeded',
  },
  {
    name: 'nats without a subject',
    spec: { type: 'nats', address: 'nats://nats:4222' },
    reason: 'SecretKeyMissing',
    message: 'NATS publishes to the subject in spec.channel: none is set',
  },
  {
    name: 'nats with an http address',
    spec: { type: 'nats', address: 'http://nats:4222', channel: 'flux' },
    reason: 'InvalidURL',
    message: 'spec.address uses http://, where NATS takes nats:// or tls://',
  },
  {
    name: 'nats at a metadata address',
    spec: { type: 'nats', address: 'nats://nats:4222, nats://169.254.169.254', channel: 'flux' },
    reason: 'AddressNotAllowed',
    message: 'spec.address points at 169.254.169.254, a link-local or cloud metadata address',
  },
  {
    name: 'nats with a password and no username',
    spec: { type: 'nats', address: 'nats://nats', channel: 'flux', secretRef: { name: 'nats' } },
    secrets: [secret('nats', { password: PASSWORD })],
    reason: 'SecretKeyMissing',
    message: "Secret 'nats' has 'password' but no 'username'",
  },
  {
    name: 'nats without an address',
    spec: { type: 'nats', channel: 'flux' },
    reason: 'InvalidURL',
    message: 'Provider has no address: set spec.address',
  },
];

describeReadinessCases('readiness of the operations providers', cases, [TOKEN, PASSWORD]);
