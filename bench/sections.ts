/** The bench's sections, in the order they run and print. */
import { auditFigures } from "./audit/index";
import { coldStartFigures } from "./coldstart/index";
import { consoleFigures } from "./console/index";
import { endpointFigures } from "./endpoint/index";
import { authorizerFigures } from "./http/authorizer";
import { warmFigures } from "./http/warm";
import type { Figure } from "./lib/figure";
import { rotationFigures } from "./rotation/index";

export interface Section {
  name: string;
  /** Measures this section's figures; `workDir` is a fresh temporary folder removed afterwards. */
  run(workDir: string): Promise<Figure[]>;
}

export const SECTIONS: Section[] = [
  { name: "coldstart", run: coldStartFigures },
  { name: "warm", run: warmFigures },
  { name: "authorizer", run: authorizerFigures },
  { name: "endpoint", run: endpointFigures },
  { name: "audit", run: auditFigures },
  { name: "rotation", run: rotationFigures },
  { name: "console", run: consoleFigures },
];
