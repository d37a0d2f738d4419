// Mixpanel's answers (API.md 2.5): the body `1` (`0` on failure), or
// {"status": 1, "error": null} when the request asks verbose=1, which is what
// mixpanel-browser and the Node library check.
import { translateMixpanel, type MixpanelEndpoint } from "../../ingest/vendors/mixpanel";
import type { ApiError } from "../errors";
import { outcomeSentence, type VendorAnswer, type VendorProtocol } from "../vendorRoute";

function answer(status: number, error: string | null, query: URLSearchParams): VendorAnswer {
  if (query.get("verbose") === "1") return { status, body: { status: error ? 0 : 1, error } };
  return { status, body: error ? "0" : "1", text: true };
}

export function mixpanelProtocol(endpoint: MixpanelEndpoint): VendorProtocol {
  return {
    translate: (payload) => translateMixpanel(payload, endpoint),
    joinsIds: true,
    answer: (outcome, query) => (outcome.errors.length ? answer(400, outcomeSentence(outcome), query) : answer(200, null, query)),
    refuse: (error: ApiError, query) => answer(error.status, error.message, query),
  };
}
