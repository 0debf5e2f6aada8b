import type { FluxEvent } from '../api/event.js';
import { GoMap, GoStruct } from '../templates/template-value.js';

/** The Alert a template renders for, as `.Alert` shows it. */
export interface TemplateAlert {
  readonly name: string;
  readonly namespace: string;
  readonly summary: string | undefined;
}

/**
 * What a message template sees, named as Go's `eventv1.Event` names its fields (Flux's plan is
 * Go templates over the event): `.InvolvedObject.Kind/.Name/.Namespace/…` (a
 * `corev1.ObjectReference`), `.Severity`, `.Timestamp` (RFC 3339, as the event carried it),
 * `.Message`, `.Reason`, `.Metadata` (the notification's merged metadata, as notifiers get it),
 * `.ReportingController`, `.ReportingInstance`; and `.Alert.Name/.Namespace/.Summary`.
 */
export function templateData(notification: FluxEvent, alert: TemplateAlert): GoStruct {
  const object = notification.involvedObject;
  return new GoStruct('TemplateData', [
    [
      'InvolvedObject',
      new GoStruct('ObjectReference', [
        ['Kind', object.kind],
        ['Namespace', object.namespace],
        ['Name', object.name],
        ['UID', object.uid ?? ''],
        ['APIVersion', object.apiVersion ?? ''],
        ['ResourceVersion', object.resourceVersion ?? ''],
        ['FieldPath', object.fieldPath ?? ''],
      ]),
    ],
    ['Severity', notification.severity],
    ['Timestamp', notification.timestamp],
    ['Message', notification.message],
    ['Reason', notification.reason],
    ['Metadata', new GoMap(Object.entries(notification.metadata ?? {}))],
    ['ReportingController', notification.reportingController],
    ['ReportingInstance', notification.reportingInstance ?? ''],
    [
      'Alert',
      new GoStruct('Alert', [
        ['Name', alert.name],
        ['Namespace', alert.namespace],
        ['Summary', alert.summary ?? ''],
      ]),
    ],
  ]);
}
