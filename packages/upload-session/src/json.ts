/** JSON as stores and HTTP carry it; structurally the same as the event-store port's types. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
