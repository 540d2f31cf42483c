/**
 * On-boarding submissions reach SEKO by email: the storing, sending and retries live with the rest of
 * the app's mail in app/notifications/delivery.server.ts. This path stays for the on-boarding code that imports it.
 */
export * from "~/notifications/delivery.server";
