/**
 * A `createCore` for `startTestEndpoint` that tells the test every rotation outcome the runner reports to
 * the core (test runs included, which emit no event), and then reports it to the real core as usual.
 *
 * @example
 * const outcomes: Array<{ request: RotationRequest; outcome: string }> = [];
 * local = await startTestEndpoint({ createCore: coreReportingOutcomes((request, outcome) => outcomes.push({ request, outcome })) });
 */
import { createCore } from "../../local/core/index";
import type { CoreOptions, RotationRequest, SecretsCore } from "../../local/core/types";

export type RotationOutcome = "succeeded" | "failed";

export function coreReportingOutcomes(
  onOutcome: (request: RotationRequest, outcome: RotationOutcome) => void,
): (options: CoreOptions) => SecretsCore {
  return (options) => {
    const core = createCore(options);
    return {
      ...core,
      recordRotationOutcome(request, outcome) {
        onOutcome(request, outcome);
        core.recordRotationOutcome(request, outcome);
      },
    };
  };
}
