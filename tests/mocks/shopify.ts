import { http, HttpResponse } from "msw";

// Placeholder until the simulated store lands: token exchange only.
export const shopifyHandlers = [
  http.post("https://:shop/admin/oauth/access_token", async () => {
    return HttpResponse.json({ access_token: "shpat_fake", scope: "read_orders", expires_in: 3600, refresh_token: "shprt_fake", refresh_token_expires_in: 7776000 });
  }),
];
