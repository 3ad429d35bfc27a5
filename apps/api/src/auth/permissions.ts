/** Loquent's ABAC permission strings this API knows: `Resource:Level:Variant`. */
export const Permission = {
  PhoneCollectionList: 'Phone:Collection:List',
  PhoneCollectionCreate: 'Phone:Collection:Create',
  PhoneInstanceView: 'Phone:Instance:View',
  PhoneInstanceUpdate: 'Phone:Instance:Update',
  PhoneInstanceDelete: 'Phone:Instance:Delete',
  TwilioCollectionCreate: 'Twilio:Collection:Create',
  /** Listing the organization's agents (to pick the one that answers a number). */
  AgentCollectionList: 'Agent:Collection:List',
  /** Reading the organization's own settings (call handling). */
  OrganizationInstanceView: 'Organization:Instance:View',
  /** Changing them: the default fallback, the outage switch. */
  OrganizationInstanceUpdate: 'Organization:Instance:Update',
  /** Adding a webhook endpoint (its secret is answered once). */
  WebhookCollectionCreate: 'Webhook:Collection:Create',
  /** Listing webhook endpoints and their deliveries. */
  WebhookCollectionList: 'Webhook:Collection:List',
  WebhookInstanceDelete: 'Webhook:Instance:Delete',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);
