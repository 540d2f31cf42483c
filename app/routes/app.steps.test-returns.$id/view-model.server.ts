/**
 * What a test return's page shows: the return with names for its staff ids,
 * the email each tracking status would send a customer (step 8, rendered with
 * the return's own data; a test return sends none) and what the customer-account status block would say of it.
 */
import { statusPreview } from "~/customer-account/order-returns.server";
import { statusBlockWords } from "~/customer-account/wording";
import { notificationContext } from "~/notifications/label-email.server";
import { testReturnStatusEmails } from "~/notifications/tracked-emails.server";
import { trackingRefusals } from "~/seko/tracking-receiver.server";
import { getTestReturn } from "~/test-returns/test-returns.server";
import { staffDirectory } from "~/utils/staff.server";

/** The page's data, or null when the shop has no test return with this id. */
export async function testReturnView(shop: string, id: string) {
  const [item, staff] = await Promise.all([getTestReturn(shop, id), staffDirectory(shop)]);
  if (!item) return null;
  const [emails, customerView, refusals] = await Promise.all([
    // Rendered with this return's own data (its order, items and consignment): never the templates' raw Liquid.
    notificationContext(shop).then((context) => testReturnStatusEmails(shop, context, item, Object.fromEntries(item.timeline.track.map((status) => [status.code, status.reachedAt])))),
    item.connote ? statusPreview(shop, item.connote) : null,
    item.connote ? trackingRefusals(shop) : null,
  ]);
  return {
    // SEKO's refused deliveries to the tracking webhook: the reason a label waiting for statuses may wait forever.
    trackingRefusals: refusals,
    // Worded on the server, as the block words it: the words file stays out of the browser bundle.
    customerView: customerView && {
      heading: statusBlockWords.heading,
      status: statusBlockWords.code(customerView.code),
      updated: customerView.lastEventAt ? statusBlockWords.updated(customerView.lastEventAt) : null,
      trackingNumber: customerView.trackingNo ? statusBlockWords.trackingNumber(customerView.trackingNo) : null,
    },
    notifications: emails,
    item: {
      ...item,
      createdBy: staff.label(item.createdBy),
      decidedBy: item.decidedBy ? staff.label(item.decidedBy) : null,
      voidedBy: item.voidedBy ? staff.label(item.voidedBy) : null,
    },
  };
}
