const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL, a form or a header can be one of Vigil's ids (anything else is "not found"). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
